"""A record's own page (opened from the entity page when the id is a record's): what a person
needs to judge it, the raw catalogue data only behind a toggle."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import data, graphview

SECTIONS = (
    # (relation, types, heading)
    ("CREATED_BY", None, "Made by"),
    ("ABOUT", ("Person", "Organization"), "About (people and organisations)"),
    ("ABOUT", ("Theme",), "Subjects"),
    ("ABOUT", ("Place",), "Places it shows or is about"),
    ("MADE_IN", None, "Made in"),
    ("PUBLISHED_IN", None, "Published in"),
)


def _links(items: list[dict[str, Any]]) -> None:
    for item in items:
        role = f" ({item['role']})" if item.get("role") else ""
        written = item.get("as_written")
        said = f" · catalogued as “{written}”" if written and written != item["name"] else ""
        st.page_link("app_pages/entity.py", label=f"{item['name']}{role}{said}", query_params={"id": item["id"]})


def show(record_id: str, props: dict[str, Any], names: dict[str, str]) -> None:
    holder = props.get("institution")
    st.title(props.get("title") or f"Untitled {props.get('kind') or 'record'}")
    facts = [props.get("kind"), props.get("date_text"), f"held by {names.get(holder, holder)}"]
    st.caption(" · ".join(str(f) for f in facts if f))
    named = data.rows("record_page", (("id", record_id),))
    left, right = st.columns([3, 2])
    with left:
        for relation, types, heading in SECTIONS:
            items = [n for n in named if n["relation"] == relation and (types is None or n["type"] in types)]
            if items:
                st.markdown(f"**{heading}**")
                _links(items)
        found = [n for n in named if n["relation"] == "MENTIONS"]
        if found:
            st.markdown("**Found in the record's text** (by extraction; the catalogue does not say it is about them)")
            _links(found)
        if not named:
            st.write("The catalogue names no person, place or theme for this record.")
    with right:
        if props.get("image_url"):
            st.image(props["image_url"], width=360)
        if props.get("year_start") is not None:
            end = props.get("year_end")
            years = str(props["year_start"]) + (f"–{end}" if end not in (None, props["year_start"]) else "")
            st.markdown(f"**Date:** {props.get('date_text') or years} (years {years})")
        elif props.get("date_text"):
            st.markdown(f"**Date:** {props['date_text']}")
        st.markdown(f"**Held by:** {names.get(holder, holder)}")
        st.markdown(f"**Rights:** {props.get('rights') or 'not stated by the source'}")
        ids = [i for i in props.get("ids") or [] if i]
        st.markdown("**Identifiers:** " + (", ".join(f"`{i}`" for i in ids) if ids else f"`{props.get('source_id') or record_id}`"))
        if props.get("url"):
            st.link_button("Open the record at the institution", props["url"])
    if props.get("description"):
        st.markdown("**Description**")
        st.write(props["description"])
    st.subheader("Around this record")
    graph = graphview.Elements()
    graph.node(record_id, props.get("title") or record_id, "Record", holder)
    for item in named[:30]:
        graph.node(item["id"], item["name"], item["type"])
        graph.edge(record_id, item["id"], item["relation"])
    graphview.draw(graph, key=f"record-net-{record_id}", height=360)
    if st.toggle("Show the raw catalogue data", key=f"raw-{record_id}"):
        st.json(props, expanded=True)
