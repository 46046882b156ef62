"""Pair finder: one record from each of two institutions that belong together, and why, as
cards side by side (image, date, holder, rights and how each catalogue names what they share)."""

from __future__ import annotations

import streamlit as st

from app_pages import data, maps

st.title("Pair finder")
st.caption("One record from each of two institutions that belong together, for a joint programme or a grant "
           "application. Pairs that share a maker or a subject both catalogues state come first; pairs resting only "
           "on names found in free text, on a place of publication, or on what most of an institution's records name "
           "come after them. Test and example records (software test files, documentation examples) are never paired; "
           "record counts leave them out.")
insts = data.pairable_institutions()
by_id = {i["id"]: i for i in insts}
names = {i["id"]: i["name"] for i in insts}
wanted_entity = st.query_params.get("entity") or ""


def _label(i: str) -> str:
    item = by_id[i]
    return f"{item['name']} · {item['kind']} · {item['records']:,} records"


if not insts:
    st.info("The graph holds no records yet: ingest some catalogues first.")
    st.stop()
first_options, second_options = data.institution_order("library"), data.institution_order("museum")
if wanted_entity and "pairs_a" not in st.session_state:
    # Opened from an entity page: start from the two institutions that hold most records naming it.
    holders = [g["institution"] for g in data.rows("entity_records", (("id", wanted_entity), ("per_institution", 1)))
               if g["institution"] in by_id]
    library = next((h for h in holders if by_id[h]["kind"] != "museum"), None)
    museum = next((h for h in holders if h != library), None)
    if library and museum:
        st.session_state["pairs_a"], st.session_state["pairs_b"] = library, museum
st.session_state.setdefault("pairs_a", first_options[0])
st.session_state.setdefault("pairs_b", next((i for i in second_options if i != st.session_state["pairs_a"]),
                                            second_options[0]))
col_a, col_b = st.columns(2)
first = col_a.selectbox("First institution", first_options, key="pairs_a", format_func=_label)
second = col_b.selectbox("Second institution", second_options, key="pairs_b", format_func=_label)
if first == second:
    st.warning("Pick two different institutions.")
    st.stop()

suggestions = data.rows("pair_entities", (("a", first), ("b", second), ("limit", 300)))
choices = {"": "any shared person, place or theme"}
for item in suggestions:
    choices[item["id"]] = (f"{item['name']} ({item['type']}; {item['records_a']} + {item['records_b']} records)")
if wanted_entity and wanted_entity not in choices:
    found = data.rows("entity", (("id", wanted_entity),))
    if found:
        props = found[0]["props"]
        choices[wanted_entity] = f"{props.get('name') or wanted_entity} ({found[0]['type']}; not named by both yet)"
col_entity, col_topic, col_limit = st.columns([3, 2, 1])
entity_key = f"pairs_entity_{first}_{second}"
st.session_state.setdefault(entity_key, wanted_entity if wanted_entity in choices else "")
entity = col_entity.selectbox(
    "What they share (type to search)", list(choices), key=entity_key, format_func=choices.get,
    help="The people, places and themes records of both institutions name, the most shared first.")
topic = col_topic.text_input("Topic words (optional)", key="pairs_topic", placeholder="e.g. bridge, theatre, Paris",
                             help="Keeps pairs whose titles or shared entity contain these words.")
limit = col_limit.number_input("Pairs", 5, 100, data.PAIR_LIMIT, step=5, key="pairs_limit")
try:
    with st.spinner("Finding pairs …"):
        rows = data.pairs(first, second, entity or None, topic.strip() or None, int(limit))
except data.StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()
if not rows:
    st.info("No pairs: these two institutions share no person, place or theme"
            + (" matching the topic" if topic.strip() else "") + " yet.")
    st.stop()

TIERS = {0: "shares a stated maker or subject", 1: "weaker: one theme or region only, or a record without a title",
         2: "weak: text, place of publication or a very common entity only"}


def _card(row: dict, side: str) -> None:
    holder = names.get(row[f"{side}_institution"], row[f"{side}_institution"])
    if row.get(f"{side}_image"):
        st.image(row[f"{side}_image"], width=220)
    st.page_link("app_pages/entity.py", label=str(row[f"{side}_title"])[:140], query_params={"id": row[f"{side}_record"]})
    makers = ", ".join(row.get(f"{side}_creators") or [])
    facts = " · ".join(f for f in [f"**{holder}**", row.get(f"{side}_date") or "undated", makers] if f)
    if row.get(f"{side}_url"):
        facts += f"  \n[Open at {holder}]({row[f'{side}_url']})"
    st.markdown(facts)
    # One caption for rights and evidence: 25 pairs made ~300 elements, each costing the browser time.
    lines = [f"Rights: {row.get(f'{side}_rights') or 'not stated by the source'}",
             *(f"↳ {line}" for line in row.get(f"{side}_evidence") or [])]
    st.caption("  \n".join(lines))


st.write(f"{len(rows)} pairs, best first. Tick the ones to keep, then export the shortlist (or all shown).")
kept: list[dict] = []
for row in rows:
    with st.container(border=True):
        head, keep = st.columns([6, 1])
        head.markdown(f"**{row['rank']}.** {row['reason']}")
        head.caption(f"strength {row['strength']:.2f} · {TIERS.get(row.get('tier', 2), '')}")
        if keep.checkbox("keep", key=f"pairs_keep_{row['a_record']}_{row['b_record']}"):
            kept.append(row)
        left, right = st.columns(2)
        with left:
            _card(row, "a")
        with right:
            _card(row, "b")

chosen = kept or rows
label = "shortlist" if kept else "all pairs shown"
col_csv, col_md = st.columns(2)
col_csv.download_button(f"Export {label} as CSV", data.pair_finder.to_csv(chosen), file_name="pairs.csv",
                        mime="text/csv", key="pairs_csv")
markdown = data.pair_finder.to_markdown(chosen, f"Paired records: {names.get(first)} and {names.get(second)}")
col_md.download_button(f"Export {label} as Markdown", markdown, file_name="pairs.md", mime="text/markdown",
                       key="pairs_md")

st.subheader("Places both name")
shared_places = data.rows("shared_places", (("institution_a", first), ("institution_b", second), ("limit", 200)))
maps.draw([{"name": p["place"], "lat": p["lat"], "lon": p["lon"], "records": p["total_records"]} for p in shared_places],
          key=f"pairs_map_{first}_{second}")
