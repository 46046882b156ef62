"""The Streamlit entry point: it only sets up navigation over the pages in app_pages/.

The folder is not called pages/: Streamlit treats a pages/ folder beside the entry point as a
legacy multipage app until the first run reaches st.navigation, so a deep link (/entity?id=...)
to a freshly started app, and every AppTest run, would skip this file."""

from __future__ import annotations

import streamlit as st

PAGES = (
    # (file, title, icon, url path)
    ("app_pages/search.py", "Search", ":material/search:", "search"),
    ("app_pages/entity.py", "Entity", ":material/badge:", "entity"),
    ("app_pages/shared.py", "What we share", ":material/handshake:", "shared"),
    ("app_pages/pairs.py", "Pair finder", ":material/join_inner:", "pairs"),
    ("app_pages/network.py", "Network", ":material/hub:", "network"),
    ("app_pages/console.py", "Cypher console", ":material/terminal:", "console"),
    ("app_pages/review.py", "Review links", ":material/rule:", "review"),
)


def main() -> None:
    st.set_page_config(page_title="glamgraph", page_icon=":material/link:", layout="wide")
    navigation = st.navigation([
        st.Page(path, title=title, icon=icon, url_path=url, default=(i == 0))
        for i, (path, title, icon, url) in enumerate(PAGES)
    ])
    navigation.run()


if __name__ == "__main__":
    main()
