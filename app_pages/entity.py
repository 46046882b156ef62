"""Entity page: everything the institutions hold about one person, organisation, place or theme."""

from __future__ import annotations

import streamlit as st

from app_pages import data, graphview, maps, record_view, timeline

entity_id = st.query_params.get("id") or st.session_state.get("entity_id")
if not entity_id:
    st.title("Entity")
    st.info("Open an entity from the Search page, the dashboard or the pair finder.")
    st.page_link("app_pages/search.py", label="Go to Search", icon=":material/search:")
    st.stop()
st.session_state["entity_id"] = entity_id

try:
    found = data.rows("entity", (("id", entity_id),))
except data.StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()
if not found:
    st.error(f"Nothing in the graph has the id '{entity_id}'. It may have been merged into another entity by a re-link.")
    st.stop()
kind, props = found[0]["type"], found[0]["props"]
names = data.institution_names()
if kind == "Record":
    record_view.show(entity_id, props, names)
    st.stop()

dates = " – ".join(str(props[k]) for k in ("birth_year", "death_year") if props.get(k))
head, button = st.columns([5, 1])
head.title(props.get("name") or entity_id)
head.caption(f"{kind}{' · ' + dates if dates else ''}{' · ' + props['nationality'] if props.get('nationality') else ''}"
             f" · {entity_id}")
# The pair finder, with this entity chosen: pairs of records from two institutions that both name it.
button.page_link("app_pages/pairs.py", label="Find pairs", icon=":material/join_inner:",
                 query_params={"entity": entity_id})

col_names, col_ids = st.columns(2)
with col_names:
    st.subheader("Names")
    st.write(", ".join(props.get("names") or [props.get("name", "")]))
with col_ids:
    st.subheader("Identifiers")
    ids = props.get("ids") or []
    if ids:
        st.markdown("\n".join(f"- {name}: [{value}]({url})" if url else f"- {name}: {value}"
                              for name, value, url in map(data.identifier_link, ids)))
    else:
        st.write("No authority identifier known yet (linked by name or label).")

if kind == "Place":
    st.subheader("Map")
    places = data.rows("place_map", (("id", entity_id), ("limit", 500)))
    maps.draw(places, key=f"entity-map-{entity_id}")

st.subheader("Records, by institution")
holdings = data.rows("entity_records", (("id", entity_id), ("per_institution", 8)))
if not holdings:
    st.write("No records name it (it is known from a catalogue of people or terms).")
else:
    columns = st.columns(min(len(holdings), 3))
    for index, group in enumerate(holdings):
        with columns[index % len(columns)]:
            st.markdown(f"**{names.get(group['institution'], group['institution'])}** · {group['total']} records")
            for record in group["records"]:
                if record.get("image_url"):
                    st.image(record["image_url"], width=160)
                by = ", ".join(record.get("creators") or [])
                title = record.get("title") or f"untitled {record.get('kind') or 'record'}" + (f" by {by}" if by else "")
                st.page_link("app_pages/entity.py", label=title[:120], query_params={"id": record["id"]})
                how = ", ".join(r.lower().replace("_", " ") for r in record["relations"])
                st.caption((f"{record['date']} · " if record.get("date") else "") + how)


st.subheader("In time")
timeline.draw(data.rows("entity_timeline", (("id", entity_id),)), names, key=f"entity-timeline-{entity_id}")

left, right = st.columns(2)
with left:
    st.subheader("Related")
    related = data.rows("entity_neighbours", (("id", entity_id), ("limit", 15)))
    for item in related:
        how = item["how"].lower().replace("_", " ")
        detail = f"{how}, {item['shared_records']} records" if item["shared_records"] else how
        st.page_link("app_pages/entity.py", label=f"{item['name']} ({item['type']}; {detail})", query_params={"id": item["id"]})
    if not related:
        st.write("Nothing related yet.")
with right:
    st.subheader("Network")
    graph = graphview.Elements()
    graph.node(entity_id, props.get("name") or entity_id, kind)
    for item in related[:12]:
        graph.node(item["id"], item["name"], item["type"])
        graph.edge(entity_id, item["id"], item["how"])
    graph.merge_expansion(data.rows("network_expand", (("id", entity_id), ("limit", 12))))
    graphview.draw(graph, key=f"entity-net-{entity_id}", height=380)

st.subheader("Aliases behind it")
st.caption("Each source's own entry, and how it was linked here: method, score (0–1) and evidence.")
aliases = data.table("entity_aliases", (("id", entity_id), ("limit", 200)))
aliases["institution"] = aliases["institution"].map(lambda i: names.get(i, i))
st.dataframe(aliases, hide_index=True, width="stretch")

