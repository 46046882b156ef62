"""A timeline on a real time axis: one lane per institution, a dot for a record dated to one
year, a bar over the range of an uncertain or partial date ("183-?" is 1830–1839, "ca. 2800–1550
BCE" a long bar), and the undated records counted and said, not silently left out.

Years come from Record.year_start / year_end, which the date parser (ingest/dates.py) fills with
years of making or publishing only (a digitisation date never becomes a year). The chart's
Vega-Lite spec is cached per set of rows (as the map's is: Altair took 0.1-0.3 s a rerun)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

# BCE years are negative (-2800 is 2800 BCE); the axis says so in words.
_YEAR_LABEL = "datum.value < 0 ? (-datum.value) + ' BCE' : format(datum.value, 'd')"
_COLOURS = ("#30638e", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#f28f3b", "#2e4057", "#c8553d")


def split(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Dated rows as a frame (start, end, records, institution, kind) and undated counts per institution."""
    dated = [r for r in rows if r.get("year_start") is not None]
    undated: dict[str, int] = {}
    for row in rows:
        if row.get("year_start") is None:
            undated[row["institution"]] = undated.get(row["institution"], 0) + int(row["records"])
    frame = pd.DataFrame(dated, columns=["institution", "kind", "year_start", "year_end", "records"])
    if not frame.empty:
        frame["year_end"] = frame["year_end"].fillna(frame["year_start"])
        frame[["year_start", "year_end", "records"]] = frame[["year_start", "year_end", "records"]].astype(int)
    return frame, undated


def _inline(frame: pd.DataFrame) -> alt.Data:
    """Inline values (no Altair data transformer, whose state is global; and no 5,000-row cap)."""
    used = frame[["holder", "when", "kind", "year_start", "year_end", "records"]]
    return alt.Data(values=used.astype(object).where(used.notna(), None).to_dict("records"))  # NaN is not JSON


@st.cache_data(max_entries=256, show_spinner=False)
def spec(frame: pd.DataFrame, names: dict[str, str]) -> dict[str, Any]:
    """The timeline's Vega-Lite spec, its data inline (built once per set of rows)."""
    return chart(frame, names).to_dict()


def chart(frame: pd.DataFrame, names: dict[str, str], height: int | None = None) -> alt.LayerChart:
    frame = frame.assign(holder=frame["institution"].map(lambda i: names.get(i, i)),
                         span=frame["year_end"] - frame["year_start"],
                         when=[f"{s}" if s == e else f"{s}–{e}" for s, e in zip(frame["year_start"], frame["year_end"],
                                                                                 strict=True)])
    holders = sorted(frame["holder"].unique())
    # One lane per institution, named on the axis; the colour only tells the lanes apart.
    colour = alt.Color("holder:N", scale=alt.Scale(domain=holders, range=list(_COLOURS)), legend=None)
    lane = alt.Y("holder:N", title=None, sort=holders, axis=alt.Axis(labelLimit=260))
    axis = alt.Axis(labelExpr=_YEAR_LABEL, title="year", tickMinStep=1)
    tooltip = [alt.Tooltip("holder:N", title="institution"), alt.Tooltip("when:N", title="date"),
               alt.Tooltip("records:Q"), alt.Tooltip("kind:N", title="kind of date")]
    ranges = alt.Chart(_inline(frame[frame["span"] > 0])).mark_bar(height=10, opacity=0.35).encode(
        x=alt.X("year_start:Q", axis=axis, scale=alt.Scale(zero=False, nice=False)), x2="year_end:Q",
        y=lane, color=colour, tooltip=tooltip)
    years = alt.Chart(_inline(frame[frame["span"] == 0])).mark_circle(opacity=0.8).encode(
        x=alt.X("year_start:Q", axis=axis, scale=alt.Scale(zero=False, nice=False)), y=lane, color=colour,
        size=alt.Size("records:Q", scale=alt.Scale(range=[25, 500]), legend=alt.Legend(title="records in a year")),
        tooltip=tooltip)
    return alt.layer(ranges, years).properties(height=height or max(120, 46 * len(holders)), width="container")


def draw(rows: list[dict[str, Any]], names: dict[str, str], *, key: str, lanes: int = 12) -> None:
    frame, undated = split(rows)
    dated_total = int(frame["records"].sum()) if not frame.empty else 0
    if not frame.empty:
        biggest = frame.groupby("institution")["records"].sum().sort_values(ascending=False)
        shown = frame[frame["institution"].isin(biggest.index[:lanes])]
        st.vega_lite_chart(spec(shown, names), key=key, width="stretch")
        if len(biggest) > lanes:
            st.caption(f"The {lanes} institutions with the most dated records are drawn; {len(biggest) - lanes} more "
                       f"hold {int(biggest.iloc[lanes:].sum()):,} dated records.")
        ranged = int(frame.loc[frame["year_end"] > frame["year_start"], "records"].sum())
        st.caption(f"{dated_total:,} dated records: a dot is a record dated to one year (larger: more records), a bar "
                   f"the range of an uncertain or partial date ({ranged:,} records, e.g. '183-?' as 1830–1839).")
    if undated:
        ordered = sorted(undated.items(), key=lambda x: -x[1])
        said = ", ".join(f"{names.get(i, i)} {n:,}" for i, n in ordered[:8])
        said += f" and {len(ordered) - 8} more institutions" if len(ordered) > 8 else ""
        st.caption(f"Not on the axis: {sum(undated.values()):,} undated records ({said}).")
    if frame.empty and not undated:
        st.info("No records to place in time.")
