"""What we share: a dashboard of the entities that connect the institutions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import data, maps, timeline

st.title("What we share")
st.caption("People, organisations, places and themes that more than one institution holds, as a catalogued "
           "name or through their records.")
names = data.institution_names()
left, right = st.columns(2)
type_ = left.selectbox("Entity type", ["any", *data.ENTITY_TYPES], key="shared_type")
institution = right.selectbox("Involving institution", ["any", *names], key="shared_institution",
                              format_func=lambda i: names.get(i, i))
type_param = None if type_ == "any" else type_
try:
    pair_counts, share, top = data.dashboard(type_param, None if institution == "any" else institution)
except data.StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()

if institution != "any" and not pair_counts.empty:
    pair_counts = pair_counts[(pair_counts["first"] == institution) | (pair_counts["second"] == institution)]
st.subheader("Shared entities per pair of institutions")
if pair_counts.empty:
    st.info("No two institutions share an entity of this type yet.")
else:
    pair_counts = pair_counts.assign(pair=pair_counts["first"].map(lambda i: names.get(i, i)) + " + "
                                     + pair_counts["second"].map(lambda i: names.get(i, i)))
    wide = pair_counts.pivot_table(index="pair", columns="type", values="shared", aggfunc="sum", fill_value=0)
    wide = wide.assign(total=wide.sum(axis=1)).sort_values("total", ascending=False).reset_index()
    top_value = int(wide["total"].max()) or 1
    st.dataframe(wide, hide_index=True, width="stretch", column_config={
        "pair": st.column_config.TextColumn("institutions", width="large"),
        "total": st.column_config.ProgressColumn("total", min_value=0, max_value=top_value, format="%d"),
    })

who = None if institution == "any" else institution
st.subheader("Places " + (f"{names.get(institution, institution)}'s records name" if who else "the records name"))
places = data.dashboard_places(who)
maps.draw(places, key=f"shared_map_{institution}")
located = sum(1 for p in places if p.get("lat") is not None)
if places and located < len(places):
    st.caption(f"{len(places) - located} of the {len(places)} places most named have no coordinates yet "
               "(countries, regions, buildings, and names the gazetteer could not settle).")

st.subheader("In time")
timeline.draw(data.dashboard_timeline(who), names, key=f"shared_timeline_{institution}")

st.subheader("Most shared")
if top:
    for item in top:
        col_name, col_type, col_inst = st.columns([3, 2, 3])
        with col_name:
            st.page_link("app_pages/entity.py", label=item["name"] or item["id"], query_params={"id": item["id"]})
        col_type.write(f"{item['type']} · {item['records']} records")
        held = [names.get(i, i) for i in item["institutions"]]
        col_inst.caption(", ".join(held[:4]) + (f" and {len(held) - 4} more" if len(held) > 4 else ""))
else:
    st.info("Nothing shared with these filters.")

st.subheader("How much of each collection is connected")
st.caption("Share of each institution's catalogued names (aliases) and records that lead to an entity another "
           "institution also holds.")
if not share.empty:
    wide = share.pivot_table(index="institution", columns="measure", values=["total", "connected"], aggfunc="sum")
    summary = pd.DataFrame({"institution": [names.get(i, i) for i in wide.index]})
    # An institution none of whose records connect has no 'records' row: take its total from the list.
    held = {i["id"]: i["records"] for i in data.institutions()}
    for measure in ("aliases", "records"):
        if measure == "records":
            total = pd.Series([held.get(i, 0) for i in wide.index], index=wide.index).to_numpy()
        else:
            total = wide.get(("total", measure), pd.Series(0, index=wide.index)).fillna(0).astype(int).to_numpy()
        connected = wide.get(("connected", measure), pd.Series(0, index=wide.index)).fillna(0).astype(int).to_numpy()
        summary[f"{measure} connected"] = [f"{c:,} of {t:,}" for c, t in zip(connected, total, strict=True)]
        summary[f"{measure} %"] = [round(100 * c / t, 1) if t else 0.0 for c, t in zip(connected, total, strict=True)]
    st.dataframe(summary, hide_index=True, width="stretch",
                 column_config={f"{m} %": st.column_config.ProgressColumn(f"{m} %", min_value=0, max_value=100,
                                                                          format="%.1f%%")
                                for m in ("aliases", "records")})
