"""The data for analysts: one CSV per kind of item, one row per item per edition, and the package that describes them.

Pure: sheets in, bytes out. Each table's columns are declared once (:data:`TABLES`), with
the HXL hashtag of each (written as a second header row, which humanitarian data tools
read) and its Frictionless type (for ``datapackage.json``). Figures keep their form: the
numbers the claims chart reads (``low``, ``high``, which ends are open) and the words of a
figure in words; dates keep their precision. A text cell that a spreadsheet would take for
a formula is neutralised (see :func:`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefgen.sheet.dates import FuzzyDate
from briefgen.sheet.models import UNKNOWN, CasualtyClaim, FactSheet

# A cell beginning with one of these is read by a spreadsheet as a formula (or hides one behind a tab or a CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, HXL hashtag, Frictionless type and what it holds."""

    name: str
    hxl: str
    type: str
    description: str


@dataclass(frozen=True)
class Edition:
    """Which edition of which brief the rows come from."""

    brief_id: str
    language: str
    number: int
    as_of: str


COMMON = (
    Column("brief_id", "#meta+brief", "string", "Id of the brief."),
    Column("language", "#meta+lang", "string", "Language of the brief (BCP 47)."),
    Column("edition", "#meta+edition", "integer", "Edition number, 1 for the first."),
    Column("as_of", "#date+reported", "date", "The day the edition is current to."),
)


def _date_columns(name: str, hxl: str, what: str) -> tuple[Column, Column]:
    return (
        Column(name, hxl, "string", f"{what}, as precise as the source (EDTF: 2023-09, 2023-09-10/2023-09-11, ~)."),
        Column(f"{name}_precision", f"{hxl}+precision", "string", "day, month, year or range; approximate added."),
    )


TABLES: dict[str, tuple[Column, ...]] = {
    "claims": (
        *COMMON,
        Column("item", "#meta+item", "integer", "Position of the claim in the brief, from 1."),
        Column("party", "#group+party", "string", "Actor id of whose people are counted, or 'unspecified'."),
        Column("category", "#indicator+category", "string", "killed, wounded, captured, missing or displaced."),
        Column("figure", "#affected+text", "string", "The figure as worded: 'more than 20', '25–82 or more'."),
        Column("low", "#affected+min", "integer", "Lowest number the claim allows; empty for a figure in words."),
        Column("high", "#affected+max", "integer", "Highest number the claim allows (the number an open end starts)."),
        Column("open_low", "#affected+min+open", "boolean", "The claim allows fewer than low ('up to')."),
        Column("open_high", "#affected+max+open", "boolean", "The claim allows more than high ('at least')."),
        Column("words", "#affected+words", "string", "The source's words for a figure in words ('dozens')."),
        Column("qualifier", "#meta+qualifier", "string", "exact, approximately, at_least, more_than, ..."),
        Column("claimed_by", "#org+name+claimant", "string", "Actor id of the claimant, or 'unattributed'."),
        Column("via", "#org+name+via", "string", "Actor id through whom the claim is reported."),
        Column("basis", "#meta+basis", "string", "count, estimate or projection."),
        *_date_columns("claimed_on", "#date+claimed", "When the claimant gave the figure"),
        Column("event", "#event+id", "string", "Timeline event id."),
        Column("credibility", "#meta+credibility", "integer", "Admiralty credibility, 1 to 6."),
        Column("key_figure", "#meta+key", "boolean", "Shown among the brief's key figures."),
        *_date_columns("withdrawn_on", "#date+withdrawn", "When the claim was withdrawn; empty while it stands"),
        Column("withdrawn_note", "#description+withdrawn", "string", "What was said of the withdrawal."),
    ),
    "actors": (
        *COMMON,
        Column("id", "#org+id", "string", "Actor id."),
        Column("name", "#org+name", "string", "Name, as the sources give it."),
        Column("kind", "#org+type", "string", "Kind of actor: state, ministry, ngo, ..."),
        Column("country", "#country+code", "string", "ISO 3166-1 alpha-2 code."),
        Column("aliases", "#org+name+alt", "string", "Other names, separated by '; '."),
        Column("allied_with", "#org+id+allied", "string", "Actor ids, separated by spaces."),
        Column("opposed_to", "#org+id+opposed", "string", "Actor ids, separated by spaces."),
        Column("part_of", "#org+id+parent", "string", "Ids of the actors this one is part of, separated by spaces."),
    ),
    "events": (
        *COMMON,
        Column("id", "#event+id", "string", "Timeline event id."),
        *_date_columns("date", "#date+occurred", "When it happened"),
        Column("place", "#loc+name", "string", "Where, as the source says."),
        Column("country", "#country+code", "string", "ISO 3166-1 alpha-2 code."),
        Column("latitude", "#geo+lat", "number", "Latitude, when known."),
        Column("longitude", "#geo+lon", "number", "Longitude, when known."),
        Column("actors", "#org+id", "string", "Ids of the actors who took part, separated by spaces."),
        Column("description", "#description", "string", "What happened (markdown)."),
    ),
    "reactions": (
        *COMMON,
        Column("item", "#meta+item", "integer", "Position of the reaction in the brief, from 1."),
        Column("actor", "#org+id", "string", "Actor id."),
        *_date_columns("date", "#date+reaction", "When the actor reacted"),
        Column("action", "#activity+type", "string", "What the actor did: condemns, sends_aid, ..."),
        Column("summary", "#description", "string", "What the actor did, in the brief's words (markdown)."),
        Column("quote", "#description+quote", "string", "The actor's own words."),
        Column("credibility", "#meta+credibility", "integer", "Admiralty credibility, 1 to 6."),
    ),
    "sources": (
        *COMMON,
        Column("id", "#meta+source", "string", "Source id."),
        Column("title", "#meta+title", "string", "Title, or 'unknown'."),
        Column("publisher", "#org+publisher", "string", "Publisher, or 'unknown'."),
        Column("author", "#contact+author", "string", "Author, or 'unknown'."),
        Column("url", "#meta+url", "string", "Address, or 'unknown'."),
        *_date_columns("published", "#date+published", "When it was published; 'unknown' when not known"),
        Column("reliability", "#meta+reliability", "string", "Admiralty reliability, A to F."),
    ),
    "citations": (
        *COMMON,
        Column("section", "#meta+section", "string", "What is cited: key_point, background, event, actor, claim, ..."),
        Column("item", "#meta+item", "string", "The item's id, or its position from 1 where it has none."),
        Column("source", "#meta+source", "string", "Source id."),
        Column("quote", "#description+quote", "string", "The exact words of the source."),
    ),
}

Cell = str | int | float | bool | None


def spreadsheet_safe(value: Cell) -> str:
    """Write a cell so a spreadsheet reads it as data: text that would start a formula gets a leading quote.

    Numbers are written as numbers (a longitude of -12.5 stays a number); only text is neutralised,
    as the OWASP guidance on CSV injection advises.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def precision(date: FuzzyDate | None) -> str:
    """Say how precise a date is: 'day', 'month', 'year' or 'range', with ' approximate' when it is."""
    if date is None:
        return ""
    points = [point for point in (date.start, date.end) if point]
    kind = "range" if date.is_range else "day" if points[0].day else "month" if points[0].month else "year"
    return f"{kind} approximate" if any(point.approximate for point in points) else kind


def _date(date) -> tuple[str, str]:
    if date is None or date == UNKNOWN:
        return ("" if date is None else UNKNOWN), ""
    return str(date), precision(date)


def _ids(ids: Iterable[str]) -> str:
    return " ".join(ids)


def _claim_row(index: int, claim: CasualtyClaim) -> list[Cell]:
    bounds = claim.bounds
    withdrawn = claim.withdrawn
    return [
        index,
        claim.party,
        str(claim.category),
        claim.worded,
        bounds.low if bounds else None,
        bounds.high if bounds else None,
        bounds.low_open if bounds else None,
        bounds.high_open if bounds else None,
        claim.figure if bounds is None else None,
        str(claim.qualifier) if claim.qualifier else None,
        claim.claimed_by,
        claim.via,
        str(claim.basis) if claim.basis else None,
        *_date(claim.claimed_on),
        claim.event,
        claim.credibility,
        claim.key_figure,
        *_date(withdrawn.on if withdrawn else None),
        " ".join(withdrawn.note.split()) if withdrawn else None,
    ]


def _rows(sheet: FactSheet, table: str) -> Iterator[list[Cell]]:
    """Yield the rows of one table for one sheet, without the columns every table shares."""
    if table == "claims":
        yield from (_claim_row(index, claim) for index, claim in enumerate(sheet.casualties, start=1))
    elif table == "actors":
        for actor in sheet.actors:
            yield [
                actor.id,
                actor.name,
                str(actor.kind),
                actor.country,
                "; ".join(actor.aliases),
                _ids(actor.allied_with),
                _ids(actor.opposed_to),
                _ids(actor.part_of),
            ]
    elif table == "events":
        for event in sheet.timeline:
            where = event.location
            lat_lon = (where.latitude, where.longitude) if where else (None, None)
            place = (where.place, where.country) if where else (None, None)
            yield [event.id, *_date(event.date), *place, *lat_lon, _ids(event.actors), event.description]
    elif table == "reactions":
        for index, reaction in enumerate(sheet.reactions, start=1):
            yield [
                index,
                reaction.actor,
                *_date(reaction.date),
                str(reaction.action),
                reaction.summary,
                reaction.quote,
                reaction.credibility,
            ]
    elif table == "sources":
        for source in sheet.sources:
            yield [
                source.id,
                source.title,
                source.publisher,
                source.author,
                source.url,
                *_date(source.published),
                str(source.reliability) if source.reliability else None,
            ]
    else:
        yield from _citation_rows(sheet)


def _citation_rows(sheet: FactSheet) -> Iterator[list[Cell]]:
    numbered = [("key_point", sheet.key_points), ("background", sheet.background), ("reaction", sheet.reactions)]
    cited: list[tuple[str, str, list]] = [
        (section, str(index), item.cite) for section, items in numbered for index, item in enumerate(items, start=1)
    ]
    cited += [("event", event.id, event.cite) for event in sheet.timeline]
    cited += [("actor", actor.id, actor.cite) for actor in sheet.actors]
    for index, claim in enumerate(sheet.casualties, start=1):
        cited.append(("claim", str(index), claim.cite))
        if claim.withdrawn:
            cited.append(("claim_withdrawal", str(index), claim.withdrawn.cite))
    for section, item, cites in cited:
        for cite in cites:
            yield [section, item, cite.source, " ".join(cite.quote.split())]


def table_rows(table: str, sheet: FactSheet, edition: Edition) -> list[list[Cell]]:
    """Return one table's rows for one edition of a brief, the shared columns first."""
    shared = [edition.brief_id, edition.language, edition.number, edition.as_of]
    return [shared + row for row in _rows(sheet, table)]


def _write(rows: Iterable[Iterable[Cell]], header: bool, table: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow([column.name for column in TABLES[table]])
        writer.writerow([column.hxl for column in TABLES[table]])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def table_part(table: str, editions: Iterable[tuple[FactSheet, Edition]]) -> bytes:
    """Write one brief's part of a table, every edition's rows, without headers: the archive's table joins parts."""
    return _write((row for sheet, edition in editions for row in table_rows(table, sheet, edition)), False, table)


def table_csv(table: str, parts: Iterable[bytes]) -> bytes:
    """Join the parts of a table (one per brief, in brief order) under its two header rows."""
    return _write((), True, table) + b"".join(parts)


@dataclass(frozen=True)
class JoinedTable:
    """An archive table and where each brief's part lies in it, so the next build can cut it up instead of rereading."""

    data: bytes
    parts: tuple[tuple[str, int], ...]  # (the part's path, the length of its rows in bytes), in the table's order


def join_table(table: str, bodies: Iterable[tuple[str, bytes]]) -> JoinedTable:
    """Join the parts' rows (headers already dropped) under the table's two header rows, noting each part's length."""
    found = list(bodies)
    return JoinedTable(table_csv(table, (body for _, body in found)), tuple((path, len(body)) for path, body in found))


def cut_table(table: str, data: bytes, parts: Iterable[tuple[str, int]]) -> dict[str, memoryview]:
    """Cut an archive table back into its parts' rows, as ``join_table`` noted them.

    Nothing is cut from a table that is not that join (its header another, its
    length not the sum): the caller then reads the parts themselves.
    """
    head, layout = _write((), True, table), list(parts)
    if any(length < 0 for _, length in layout) or not data.startswith(head):
        return {}
    if len(data) != len(head) + sum(length for _, length in layout):
        return {}
    whole, offset, found = memoryview(data), len(head), {}
    for path, length in layout:
        found[path] = whole[offset : offset + length]
        offset += length
    return found


def without_headers(table: bytes) -> bytes:
    """Drop a table's two header rows (names and HXL tags, never holding a line break), keeping its rows."""
    return table.split(b"\r\n", 2)[2]


def datapackage(name: str, folder: str = "") -> bytes:
    """Describe every table as a Frictionless tabular data package; ``folder`` prefixes each CSV's path."""
    resources = [
        {
            "name": table,
            "path": f"{folder}{table}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"headerRows": [1], "commentRows": [2]},
            "schema": {
                "fields": [
                    {"name": column.name, "type": column.type, "description": f"{column.description} HXL: {column.hxl}"}
                    for column in columns
                ]
            },
        }
        for table, columns in TABLES.items()
    ]
    package = {"profile": "tabular-data-package", "name": name, "resources": resources}
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
