"""Turn pydantic validation errors into short messages at real YAML paths.

Pydantic locations include union branch names ("int", "FigureRange") that do
not exist in the file; we walk the raw tree to keep only the real keys, merge
the branches' complaints about one value into one message, and say what to
write instead of pydantic's wording.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

_PATTERN_HINTS = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "must be lower-case letters and digits joined by single hyphens",
    "^[A-Z]{2}$": "must be a two-letter upper-case ISO 3166-1 country code (e.g. ML)",
    "^https?://": "must be an http(s) URL or 'unknown'",
    "^[A-Za-z0-9._-]+": "must be a plain relative path under seeds/ (letters, digits, . _ - and /)",
}


def real_path(tree: Any, loc: Iterable) -> tuple:
    """Keep the parts of a pydantic location that are keys or indexes of the raw tree."""
    path: list = []
    node = tree
    for part in loc:
        if (
            isinstance(node, dict)
            and part in node
            or isinstance(node, list)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part[:1].islower() and "[" not in part:
            path.append(part)  # a missing or unknown key: keep it, it names the problem
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def dotted(path: tuple) -> str:
    """Write a path the way a reader finds it: ``casualties[0].figure``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def field_names(model: type[BaseModel]) -> set[str]:
    """Return every field name of a model and the models nested in it."""
    names: set[str] = set()
    pending, seen = [model], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.add(name)
            pending.extend(_nested_models(info.annotation))
    return names


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_nested_models(arg))
    return found


def describe(error: dict, known_keys: set[str]) -> str:
    """Say in one phrase what is wrong with one value."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return f"missing required key '{error['loc'][-1]}'"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, known_keys, n=1)
        return f"unknown key {_show(key)}" + (f"; did you mean '{close[0]}'?" if close else "")
    if kind in ("enum", "literal_error"):
        return f"must be one of {ctx.get('expected', '')} (got {_show(value)})"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        hint = next((h for p, h in _PATTERN_HINTS.items() if pattern.startswith(p)), f"must match {pattern}")
        return f"{hint} (got {_show(value)})"
    if kind in ("too_short", "too_long"):
        return _length_message(kind, ctx, value)
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"{_show(value)} is not a real date in the form YYYY-MM-DD ({error['msg'].split(', ', 1)[-1]})"
    return _SIMPLE.get(kind, error["msg"][0].lower() + error["msg"][1:])


def _length_message(kind: str, ctx: dict, value: Any) -> str:
    unit = "items" if isinstance(value, list) else "characters"
    if kind == "too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"needs at least {ctx.get('min_length')} {unit} (got {ctx.get('actual_length')})"
    return f"allows at most {ctx.get('max_length')} {unit} (got {ctx.get('actual_length')})"


_SIMPLE = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list (items starting with '- ')",
    "model_type": "must be a mapping of keys and values",
    "dict_type": "must be a mapping of keys and values",
    "greater_than_equal": "is below the smallest allowed value",
    "less_than_equal": "is above the largest allowed value",
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "\u2026"


def located_messages(error: ValidationError, tree: Any, model: type[BaseModel]) -> list[tuple[tuple, bool, str]]:
    """Return (path, points_at_key, message) per problem, one per value, in file order."""
    known = field_names(model)
    by_path: dict[tuple, list[str]] = {}
    at_key: dict[tuple, bool] = {}
    for item in error.errors(include_url=False):
        path = real_path(tree, item["loc"])
        by_path.setdefault(path, [])
        message = describe(item, known)
        if message not in by_path[path]:
            by_path[path].append(message)
        at_key[path] = item["type"] in ("extra_forbidden",)
        if item["type"] == "missing":
            at_key[path] = False
    results = []
    for path, messages in by_path.items():
        messages = _merge_union(messages)
        names_key = messages[0].startswith(("missing required key", "unknown key"))
        field = path[:-1] if names_key else path
        prefix = f"{dotted(field)}: " if field else ""
        results.append((path, at_key[path], prefix + "; or ".join(messages)))
    return results


def _merge_union(messages: list[str]) -> list[str]:
    """Merge a value's complaints from a union with 'unknown' into one readable message."""
    rest = [m for m in messages if not m.startswith("must be one of 'unknown'")]
    if len(rest) < len(messages):
        return [m if "'unknown'" in m else f"{m}, or 'unknown'" for m in rest] or messages
    return messages
