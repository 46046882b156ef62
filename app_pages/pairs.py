"""Pair finder: one record from each of two institutions that belong together, and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import data

st.title("Pair finder")
st.caption("Pick two institutions (a library and a museum, or any two). Each pair holds one record from each, "
           "with the reason in words and a strength from 0 to 1: a shared person counts more than a shared place "
           "or theme, and links the linker was unsure of count less.")
insts = data.institutions()
names = {i["id"]: i["name"] for i in insts}
# Institutions with records, the biggest first: the defaults are the largest library and museum.
with_records = [i["id"] for i in sorted(insts, key=lambda i: -i["records"]) if i["records"]] or list(names)
libraries = [i for i in with_records if next(x["kind"] for x in insts if x["id"] == i) == "library"]
museums = [i for i in with_records if i not in libraries]
first_default = with_records.index(libraries[0]) if libraries else 0
second_default = with_records.index(museums[0]) if museums else min(1, len(with_records) - 1)
col_a, col_b = st.columns(2)
first = col_a.selectbox("First institution", with_records, index=first_default, key="pairs_a",
                        format_func=lambda i: names.get(i, i))
second = col_b.selectbox("Second institution", with_records, index=second_default, key="pairs_b",
                         format_func=lambda i: names.get(i, i))
col_topic, col_entity, col_limit = st.columns([2, 2, 1])
topic = col_topic.text_input("Topic (optional)", key="pairs_topic", placeholder="e.g. bridge, theatre, Paris")
entity = col_entity.text_input("Entity id (optional)", key="pairs_entity", value=st.query_params.get("entity", ""),
                               placeholder="e.g. place:label:edinburgh (from an entity page)")
limit = col_limit.number_input("Pairs", 5, 200, 25, step=5, key="pairs_limit")
if first == second:
    st.warning("Pick two different institutions.")
    st.stop()
try:
    rows = data.pairs(first, second, entity.strip() or None, topic.strip() or None, int(limit))
except data.StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()
if not rows:
    st.info("No pairs: these two institutions share no person, place or theme"
            + (" matching the topic" if topic.strip() else "") + " yet.")
    st.stop()

table = pd.DataFrame(rows)
table.insert(0, "shortlist", False)
st.write(f"{len(rows)} pairs, strongest first. Tick the ones to keep, then export the shortlist.")
edited = st.data_editor(
    table, hide_index=True, width="stretch", key="pairs_table", height=min(38 + 35 * len(table), 740),
    disabled=[c for c in table.columns if c != "shortlist"],
    column_order=["shortlist", "rank", "strength", "reason", "a_title", "b_title", "a_url", "b_url"],
    column_config={
        "shortlist": st.column_config.CheckboxColumn("keep"),
        "strength": st.column_config.ProgressColumn("strength", min_value=0.0, max_value=1.0, format="%.2f",
                                                    width="small"),
        "a_title": st.column_config.TextColumn(names.get(first, first)),
        "b_title": st.column_config.TextColumn(names.get(second, second)),
        "reason": st.column_config.TextColumn("why they belong together", width="large"),
        "a_url": st.column_config.LinkColumn("first record", display_text="open"),
        "b_url": st.column_config.LinkColumn("second record", display_text="open"),
    },
)
chosen = edited[edited["shortlist"]] if edited["shortlist"].any() else edited
label = "shortlist" if edited["shortlist"].any() else "all pairs shown"
export_rows = chosen.drop(columns=["shortlist"]).to_dict("records")
col_csv, col_md = st.columns(2)
col_csv.download_button(f"Export {label} as CSV", data.pair_finder.to_csv(export_rows), file_name="pairs.csv",
                        mime="text/csv", key="pairs_csv")
markdown = data.pair_finder.to_markdown(export_rows, f"Paired records: {names.get(first)} and {names.get(second)}")
col_md.download_button(f"Export {label} as Markdown", markdown, file_name="pairs.md", mime="text/markdown",
                       key="pairs_md")
with st.expander("Markdown preview"):
    st.markdown(markdown)
