"""The Streamlit entry point: it only sets up navigation over the pages in pages/."""

from __future__ import annotations

import streamlit as st

PAGES = (
    # (file, title, icon, url path)
    ("pages/search.py", "Search", "🔎", "search"),
    ("pages/entity.py", "Entity", "🪪", "entity"),
    ("pages/shared.py", "What we share", "🤝", "shared"),
    ("pages/pairs.py", "Pair finder", "🧩", "pairs"),
    ("pages/network.py", "Network", "🕸️", "network"),
    ("pages/console.py", "Cypher console", "⌨️", "console"),
    ("pages/review.py", "Review links", "✅", "review"),
)


def main() -> None:
    st.set_page_config(page_title="glamgraph", page_icon="🔗", layout="wide")
    navigation = st.navigation([
        st.Page(path, title=title, icon=icon, url_path=url, default=(i == 0))
        for i, (path, title, icon, url) in enumerate(PAGES)
    ])
    navigation.run()


if __name__ == "__main__":
    main()
