"""Rights statements and licences: the URI a record's rights text names, and a label for it.

Sources say it in many ways: a URI (MARC 540 $u, LIDO rightsType conceptID, DC rights), a
phrase ("CC0", "Public domain", "Creative Commons license; Attribution", "In Copyright").
`rights_uri` finds the Creative Commons, RightsStatements.org or open-licence URI meant; the
text itself is always kept and exported as the record's rights statement.
"""

from __future__ import annotations

import re

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
PUBLIC_DOMAIN_MARK = "https://creativecommons.org/publicdomain/mark/1.0/"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"
NO_KNOWN_COPYRIGHT = "http://rightsstatements.org/vocab/NKC/1.0/"
UNDETERMINED = "http://rightsstatements.org/vocab/UND/1.0/"
LICENCE_LABELS = {
    CC0: "CC0 1.0 Universal (public domain dedication)",
    PUBLIC_DOMAIN_MARK: "Public Domain Mark 1.0",
    CC_BY_4: "Creative Commons Attribution 4.0 (CC BY 4.0)",
    IN_COPYRIGHT: "In Copyright (RightsStatements.org)",
    NO_KNOWN_COPYRIGHT: "No Known Copyright (RightsStatements.org)",
    UNDETERMINED: "Copyright Undetermined (RightsStatements.org)",
    "https://opensource.org/licenses/MIT": "MIT License",
    "https://opensource.org/licenses/BSD-3-Clause": "BSD 3-Clause License",
    "https://www.apache.org/licenses/LICENSE-2.0": "Apache License 2.0",
}
_URI = re.compile(r"https?://(?:creativecommons\.org|rightsstatements\.org)/[\w./-]+", re.I)
_PHRASES = (
    (re.compile(r"\bcc0\b|publicdomain/zero|public domain dedication", re.I), CC0),
    (re.compile(r"\bpublic domain\b|\bpdm\b|gemeinfrei", re.I), PUBLIC_DOMAIN_MARK),
    (re.compile(r"\bcc[ -]by[ -]4\.0\b|creative commons[^.;]*attribution(?![^.;]*(?:share|non|no))", re.I), CC_BY_4),
    (re.compile(r"\bno known copyright\b", re.I), NO_KNOWN_COPYRIGHT),
    (re.compile(r"\bin copyright\b|\ball rights reserved\b|©", re.I), IN_COPYRIGHT),
)


def rights_uri(text: str | None) -> str | None:
    """The licence or rights statement URI a rights text names, None if it names none we know."""
    if not text:
        return None
    found = _URI.search(text)
    if found:
        uri = found.group(0).rstrip(".")
        uri = re.sub(r"^http://creativecommons", "https://creativecommons", uri)
        return uri if uri.endswith("/") or "rightsstatements" not in uri else uri + "/"
    for pattern, uri in _PHRASES:
        if pattern.search(text):
            return uri
    return None


def licence_uri(text: str) -> str | None:
    """The licence a person names for a whole source ("CC0", "CC BY 4.0", a URI): a Creative
    Commons or RightsStatements.org URI as `rights_uri` finds it, any other http(s) URI as given;
    None when the text names no licence."""
    text = text.strip()
    return rights_uri(text) or (text if re.fullmatch(r"https?://\S+", text) else None)


def licence_label(uri: str) -> str:
    """A readable name for a licence URI (the URI itself when unknown)."""
    if uri in LICENCE_LABELS:
        return LICENCE_LABELS[uri]
    match = re.search(r"creativecommons\.org/licenses/([a-z-]+)/([\d.]+)", uri)
    if match:
        return f"Creative Commons {match.group(1).upper()} {match.group(2)}"
    return uri
