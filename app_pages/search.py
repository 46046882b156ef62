"""Search: one box over people, organisations, places, themes and records.

Every search is a URL (?q=…&type=…&institution=…&page=…) a person can bookmark or send."""

from __future__ import annotations

import math

import streamlit as st

from app_pages import data, maps

PAGE_SIZE = 20
TYPES = ["Person", "Organization", "Place", "Theme", "Record"]
URL_KEYS = {"q": "search_text", "type": "search_type", "institution": "search_institution", "page": "search_page"}

# The URL is the search: take it into the widgets when it differs from what this page last wrote
# (a link or a bookmark was opened), and write the widgets back to it after each change.
wanted = {k: st.query_params.get(k) for k in URL_KEYS}
if wanted != st.session_state.get("search_url"):
    st.session_state["search_text"] = wanted["q"] or ""
    st.session_state["search_type"] = wanted["type"] if wanted["type"] in TYPES else "any"
    st.session_state["search_institution"] = wanted["institution"] or "any"
    st.session_state["search_page"] = max(1, int(wanted["page"])) if (wanted["page"] or "").isdigit() else 1


def _reset_page() -> None:
    st.session_state["search_page"] = 1


st.title("Search the linked catalogues")
st.caption("People, organisations, places, themes and record titles from every institution in the graph. "
           "Exact names come first, then what more institutions and records share.")
names = data.institution_names()
text = st.text_input("Search for", key="search_text", placeholder="e.g. Beato, Ruins, Edinburgh", on_change=_reset_page)
if not text.strip():
    st.query_params.clear()
    st.session_state["search_url"] = {k: None for k in URL_KEYS}
    st.info("Type a name, a place, a theme or words of a title. The last word may be the start of a word.")
    st.stop()
try:
    hits = data.search(text.strip())
except data.StoreError as exc:
    st.error(f"The search could not run: {exc}")
    st.stop()

type_choice = st.session_state.get("search_type", "any")
inst_choice = st.session_state.get("search_institution", "any")
by_type, by_institution = data.facets(hits, None if type_choice == "any" else type_choice,
                                      None if inst_choice == "any" else inst_choice)
# A value chosen in the URL that no hit has still shows (with 0), so the filter says why nothing is left.
type_options = ["any", *[t for t in TYPES if by_type.get(t) or t == type_choice]]
inst_options = ["any", *sorted((i for i in by_institution if i in names), key=lambda i: (-by_institution[i], names[i]))]
if inst_choice not in inst_options:
    inst_options.append(inst_choice)
left, right = st.columns(2)
type_ = left.selectbox("Type", type_options, key="search_type", on_change=_reset_page,
                       format_func=lambda t: f"any type ({sum(by_type.values())})" if t == "any" else f"{t} ({by_type.get(t, 0)})")
institution = right.selectbox(
    "Institution", inst_options, key="search_institution", on_change=_reset_page,
    format_func=lambda i: (f"any institution ({len(by_institution)})" if i == "any"
                           else f"{names.get(i, i)} ({by_institution.get(i, 0)})"))
shown = [h for h in hits if (type_ == "any" or h["type"] == type_)
         and (institution == "any" or institution in (h.get("institutions") or []))]
pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
page = min(int(st.session_state.get("search_page") or 1), pages)
st.session_state["search_page"] = page

url = {"q": text.strip(), "type": None if type_ == "any" else type_,
       "institution": None if institution == "any" else institution, "page": str(page) if page > 1 else None}
st.query_params.from_dict({k: v for k, v in url.items() if v})
st.session_state["search_url"] = url

if not shown:
    st.warning(f"Nothing matches '{text}'. Try fewer or shorter words, or another type or institution.")
    st.stop()
more = " (the best of each type are counted)" if len(hits) >= data.SEARCH_PER_TYPE else ""
first = (page - 1) * PAGE_SIZE
st.write(f"{len(shown)} matches{more}, best first; {first + 1}–{min(first + PAGE_SIZE, len(shown))} shown. "
         "Open one to see everything the institutions hold about it.")
for hit in shown[first:first + PAGE_SIZE]:
    held = [names.get(i, i) for i in hit.get("institutions") or []]
    holders = ", ".join(held[:4]) + (f" and {len(held) - 4} more" if len(held) > 4 else "")
    col_name, col_type, col_from = st.columns([3, 2, 3])
    with col_name:
        st.page_link("app_pages/entity.py", label=str(hit["name"]), query_params={"id": hit["id"]})
    dates = hit["dates"] if isinstance(hit.get("dates"), str) and hit["dates"].strip("–") else ""
    records = f" · {hit['records']:,} records" if hit["type"] != "Record" and hit.get("records") else ""
    col_type.write(f"{hit['type']}" + (f" · {dates}" if dates else "") + records)
    col_from.caption(holders or "—")

if pages > 1:
    col_prev, col_at, col_next = st.columns([1, 2, 1])
    if col_prev.button("← Previous", key="search_prev", disabled=page <= 1):
        st.session_state["search_page"] = page - 1
        st.rerun()
    col_at.markdown(f"<div style='text-align:center'>page {page} of {pages}</div>", unsafe_allow_html=True)
    if col_next.button("Next →", key="search_next", disabled=page >= pages):
        st.session_state["search_page"] = page + 1
        st.rerun()

located = [h for h in shown if h.get("lat") is not None and h.get("lon") is not None]
if located:
    st.subheader("Places among the matches")
    maps.draw([{"name": h["name"], "lat": h["lat"], "lon": h["lon"], "records": h.get("records") or 0, "id": h["id"]}
               for h in located[:300]], key="search_map")
