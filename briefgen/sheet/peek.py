"""What places a fact sheet, read without validating the rest: id, language, as_of, status, seeds, countries, tags.

Pure: bytes in, a peek out. Past versions of every sheet are peeked at to find
the editions among them, and the build peeks at each changed sheet to plan
where its outputs go and which listings show it before anything renders it.
So the plain block-style YAML every sheet is written in is read with a few
patterns; anything else (a key given twice, a tag or an anchor where a value
should be, a list item YAML could read as another type) goes through the real
YAML reader, which decides. A peek only places a sheet: it is checked in full
by the loader before anything shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefgen.sheet.yamltree import read_yaml

MAX_PEEK_BYTES = 1024 * 1024
_TOP_KEY = re.compile(r"^(id|language|as_of|status|sources|countries|tags)[ \t]*:(.*)$", re.M)
_REQUIRED = ("id", "as_of", "status", "sources")
_NEXT_TOP_KEY = re.compile(r"^[^\s#-]", re.M)  # PyYAML writes a list's items at its key's own column
_SEED_FILE = re.compile(r"^[ \t]*(?:-[ \t]+)?file[ \t]*:(.*)$", re.M)
_BLOCK_FOLLOWS = re.compile(r"[ \t\r]*(?:#.*)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCALAR = re.compile(r"""^[ \t]*(?:'([^'\n]*)'|"([^"\\\n]*)"|([A-Za-z0-9_./-]+))[ \t\r]*(?:#.*)?$""")
_FLOW_LIST = re.compile(r"^[ \t]*\[([A-Za-z0-9_, \t-]*)\][ \t\r]*(?:#.*)?$")
_BLOCK_ITEM = re.compile(r"^[ \t]*-[ \t]+([A-Za-z0-9_-]+)[ \t\r]*(?:#.*)?$")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # a BCP 47 tag, as the models check it
_BLANK_OR_COMMENT = re.compile(r"^[ \t\r]*(?:#.*)?$")
_OTHER_TYPES = frozenset(
    ["y", "yes", "n", "no", "true", "false", "on", "off", "null"]
)  # words YAML 1.1 reads as booleans or null


@dataclass(frozen=True)
class SheetPeek:
    """What places a version of a sheet in history."""

    id: str
    as_of: str
    status: str
    seed_files: tuple[str, ...]
    countries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None  # None: not given, the project's language


def peek_sheet(data: bytes) -> SheetPeek | None:
    """Read a sheet's id, as_of, status and seed files; None when the text is no readable sheet."""
    if len(data) > MAX_PEEK_BYTES:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _quick_peek(text) or _yaml_peek(text)


def _scalar(value: str) -> str | None:
    match = _SCALAR.match(value)
    return None if match is None else next(part for part in match.groups() if part is not None)


def _quick_peek(text: str) -> SheetPeek | None:
    """Read the keys of a block-style sheet by pattern; None whenever YAML could mean something else."""
    found: dict[str, re.Match] = {}
    for match in _TOP_KEY.finditer(text):
        if match[1] in found:
            return None
        found[match[1]] = match
    if any(key not in found for key in _REQUIRED) or not _BLOCK_FOLLOWS.fullmatch(found["sources"][2]):
        return None
    fields = [_scalar(found[key][2]) for key in ("id", "as_of", "status")]
    files = [_scalar(match[1]) for match in _SEED_FILE.finditer(_block_of(text, found["sources"]))]
    countries, tags = (_list(text, found[key]) if key in found else () for key in ("countries", "tags"))
    language = _scalar(found["language"][2]) if "language" in found else None
    as_of = _iso_day(fields[1])
    if None in fields or None in files or as_of is None or countries is None or tags is None:
        return None
    if "language" in found and (language is None or not _LANGUAGE.fullmatch(language)):
        return None  # a language names a folder of the site: only a tag the loader would accept places a sheet
    return SheetPeek(fields[0], as_of, fields[2], tuple(sorted(set(files))), countries, tags, language)


def _block_of(text: str, key: re.Match) -> str:
    """Return the lines that belong to a top-level key: up to the next top-level key."""
    rest = text[key.end() :]
    following = _NEXT_TOP_KEY.search(rest)
    return rest[: following.start()] if following else rest


def _list(text: str, key: re.Match) -> tuple[str, ...] | None:
    """Read a list of plain words, in flow style on the key's line or one item a line below it; None otherwise."""
    flow = _FLOW_LIST.match(key[2])
    if flow is not None:
        items = [item.strip() for item in flow[1].split(",")] if flow[1].strip() else []
    elif _BLOCK_FOLLOWS.fullmatch(key[2]):
        items = []
        for line in _block_of(text, key).split("\n"):
            item = _BLOCK_ITEM.match(line)
            if item is None and not _BLANK_OR_COMMENT.match(line):
                return None
            items += [item[1]] if item else []
    else:
        return None
    if any(not item or item.lower() in _OTHER_TYPES or item.isdigit() for item in items):
        return None
    return tuple(items)


def _yaml_peek(text: str) -> SheetPeek | None:
    tree = read_yaml(text)
    raw = tree.value
    if tree.problems or not isinstance(raw, dict):
        return None
    brief_id, status, as_of = raw.get("id"), raw.get("status"), _iso_day(raw.get("as_of"))
    if not (isinstance(brief_id, str) and isinstance(status, str) and as_of):
        return None
    sources = raw["sources"] if isinstance(raw.get("sources"), list) else []
    files = sorted({s["file"] for s in sources if isinstance(s, dict) and isinstance(s.get("file"), str)})
    language = raw.get("language")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        return None
    words = _words(raw.get("countries")), _words(raw.get("tags"))
    return SheetPeek(brief_id, as_of, status, tuple(files), *words, language)


def _words(value: object) -> tuple[str, ...]:
    """Keep a list's text items, as the build places a sheet by them; the loader judges the rest."""
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def _iso_day(value: object) -> str | None:
    """Return a YYYY-MM-DD day as text, whether YAML read it as a date or a string."""
    text = value if isinstance(value, str) else value.isoformat() if isinstance(value, dt.date) else ""
    if not _DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None
