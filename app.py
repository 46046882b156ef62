"""The Streamlit entry point: it only sets up navigation over the pages in pages/."""

from __future__ import annotations

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="glamgraph", page_icon="🔗", layout="wide")
    navigation = st.navigation([
        st.Page("pages/shared_people.py", title="Shared people", icon="👥", default=True),
    ])
    navigation.run()


if __name__ == "__main__":
    main()
