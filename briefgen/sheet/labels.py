"""How the format's values read: an enum value's label and the words of the grades.

Pure. The brief's page, its PDF, the mail and the "What changed" lines all say a
kind, an action or a grade in these words, so each is written once.
"""

from __future__ import annotations

CREDIBILITY = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtfully true",
    5: "improbable",
    6: "truth cannot be judged",
}
BASIS = {"count": "count", "estimate": "estimate", "projection": "projection"}
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


def label(value: str) -> str:
    """Turn an enum value such as 'armed_forces' into 'Armed forces'."""
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]
