"""Review: the links linking was unsure of, with buttons that write curator decisions.

Decisions go to the decisions file in the data folder (graph/link/decisions.py); the next ingest
or re-link applies them, so a rebuild never undoes a curator's work."""

from __future__ import annotations

import getpass

import streamlit as st

import settings
from app_pages import data

st.title("Review uncertain links")
path = data.decisions_path(settings.data_dir())
st.caption(f"Accept, reject or mark as not the same. Decisions are written to {path} and applied on the next "
           "ingest or re-link; the graph itself is not changed here.")
col_kind, col_min, col_max, col_limit = st.columns(4)
kind = col_kind.selectbox("Kind", ["All", "Person", "Organization", "Place", "Theme"], key="review_kind")
low = col_min.number_input("Score from", 0.0, 1.0, 0.0, 0.05, key="review_min")
high = col_max.number_input("Score below", 0.0, 1.01, 0.95, 0.05, key="review_max")
limit = col_limit.number_input("How many", 5, 200, 25, 5, key="review_limit")
try:
    links = data.rows("review_links", (("min_score", float(low)), ("max_score", float(high)), ("limit", int(limit)),
                                       ("kind", None if kind == "All" else kind)))
except data.StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()
skipped: list[str] = []
decided = {(d.alias, d.entity or d.other) for d in data.load_decisions(path, skipped)}
for warning in skipped:  # a damaged line of the decisions file: skipped, and said so
    st.warning(f"Skipped a curator decision: {warning}")
if not links:
    st.info("No links in this score band are waiting for review.")
    st.stop()
st.write(f"{len(links)} links, least certain first.")
who = getpass.getuser()
for number, item in enumerate(links):
    done = (item["alias"], item["entity"]) in decided
    with st.container(border=True):
        head, buttons = st.columns([3, 2])
        with head:
            st.markdown(f"**{item['alias_text']}** ({item['source']}) → ")
            st.page_link("app_pages/entity.py", label=f"{item['entity_name']} · {item['entity']}",
                         query_params={"id": item["entity"]})
            st.caption(f"{item['method']} · score {item['score']:.2f} · {item['evidence']}"
                       + (" · decided" if done else ""))
        accept, reject, not_same = buttons.columns(3)
        action = None
        if accept.button("Accept", key=f"review_accept_{number}", disabled=done):
            action = data.Decision("accept", item["alias"], entity=item["entity"], by=who)
        if reject.button("Reject", key=f"review_reject_{number}", disabled=done):
            action = data.Decision("reject", item["alias"], entity=item["entity"], by=who)
        others = [a for a in data.rows("entity_aliases", (("id", item["entity"]), ("limit", 20)))
                  if a["alias"] != item["alias"]]
        if not_same.button("Not the same", key=f"review_notsame_{number}", disabled=done or not others):
            action = data.Decision("not_same", item["alias"], entity=item["entity"], other=others[0]["alias"], by=who,
                              note=f"not the same as {others[0]['text']} ({others[0]['source']})")
        if action is not None:
            data.append_decision(path, action)
            st.toast(f"Saved: {action.action} {item['alias_text']}")
            st.rerun()
