"""Search: one box over people, organisations, places, themes and records."""

from __future__ import annotations

import streamlit as st

from app_pages import data

st.title("Search the linked catalogues")
st.caption("People, organisations, places, themes and record titles from every institution in the graph.")
names = data.institution_names()
left, middle, right = st.columns([3, 1, 1])
text = left.text_input("Search for", key="search_text", placeholder="e.g. Beato, Ruins, Edinburgh")
type_ = middle.selectbox("Type", ["any", "Person", "Organization", "Place", "Theme", "Record"], key="search_type")
institution = right.selectbox("Institution", ["any", *names], key="search_institution",
                              format_func=lambda i: names.get(i, i))
if not text.strip():
    st.info("Type a name, a place, a theme or words of a title. The last word may be the start of a word.")
    st.stop()
try:
    hits = data.search(text, None if type_ == "any" else type_, None if institution == "any" else institution)
except data.StoreError as exc:
    st.error(f"The search could not run: {exc}")
    st.stop()
if hits.empty:
    st.warning(f"Nothing matches '{text}'. Try fewer or shorter words, or another type or institution.")
    st.stop()
st.write(f"{len(hits)} matches, best first. Open one to see everything the institutions hold about it.")
for hit in hits.itertuples():
    holders = ", ".join(names.get(i, i) for i in hit.institutions or [])
    col_name, col_type, col_from = st.columns([3, 1, 3])
    with col_name:
        st.page_link("app_pages/entity.py", label=str(hit.name), query_params={"id": hit.id})
    dates = hit.dates if isinstance(hit.dates, str) and hit.dates.strip("–") else ""
    col_type.write(f"{hit.type}" + (f" · {dates}" if dates else ""))
    col_from.caption(holders or "—")
