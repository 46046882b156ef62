"""The Streamlit entry point: it only sets up navigation over the pages in app_pages/.

The folder is not called pages/: Streamlit treats a pages/ folder beside the entry point as a
legacy multipage app until the first run reaches st.navigation, so a deep link (/entity?id=...)
to a freshly started app, and every AppTest run, would skip this file."""

from __future__ import annotations

import faulthandler
import signal

import streamlit as st

from app_pages import data

SEARCH = "app_pages/search.py"
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


def _home() -> None:
    """The root URL opens Search at its own address, so /search and its query string work too."""
    st.switch_page(SEARCH, query_params=st.query_params.to_dict())


def main() -> None:
    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 <pid>` writes every thread's stack to the log: a hung page, explained
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    # The favicon is an emoji: a :material/…: page icon makes the browser fetch an SVG from
    # fonts.gstatic.com, and the app sends no request off the machine (the icons in the
    # navigation use the font Streamlit serves itself).
    st.set_page_config(page_title="glamgraph", page_icon="🔗", layout="wide")
    navigation = st.navigation([
        st.Page(_home, title="Home", url_path="home", default=True, visibility="hidden"),
        *[st.Page(path, title=title, icon=icon, url_path=url) for path, title, icon, url in PAGES],
    ])
    data.warm_up()
    navigation.run()


if __name__ == "__main__":
    main()
