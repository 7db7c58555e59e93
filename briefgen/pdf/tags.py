"""Tie each table's header cells to their data cells in the tagged PDF, as the HTML's ``scope`` says.

WeasyPrint 70 tags every <th> as a TH structure element with an ID, and gives every TD the
IDs of the headers above it in its column: every TH in that column, the header row's and
every group row's, so a claim in the second group is also "under" the first group's
heading. It writes no ``/Scope`` on any TH, which a PDF/UA checker reports for every
table. After the PDF is written (in the renderer's ``finisher``), each TH gets the scope
its cell's ``scope`` attribute gives (``col`` a column, ``row`` its row, ``rowgroup`` the
columns it spans, for the rows of its group), and each TD the headers that do apply to
it: its column's in the header row, its own row's, and its own group's. Nothing else of
the structure tree is touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Column"}


def tie_table_headers(document: Any) -> None:
    """Give every tagged table header its scope and every tagged data cell its own headers."""
    for page in document.pages:
        for table in _tables(page._page_box):
            _tie(table)


def _tables(box: Any) -> Iterator[Any]:
    if type(box).__name__ == "TableBox":
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _tables(child)


def _tie(table: Any) -> None:
    """Scope the headers of one table as laid out on one page, and list each data cell's headers."""
    import pydyf

    columns: dict[int, list] = defaultdict(list)
    for group in table.children:
        in_head = group.element_tag == "thead" or getattr(group, "is_header", False)
        group_headers: list = []
        for row in group.children:
            row_headers: list = []
            cells = [cell for cell in row.children if getattr(cell, "mark", None) is not None]
            for cell in cells:
                if cell.element_tag != "th":
                    continue
                scope = cell.element.get("scope") or ("col" if in_head else "row")
                cell.mark["A"]["Scope"] = SCOPES.get(scope, "/Column" if in_head else "/Row")
                key = cell.mark["ID"]
                if scope == "row":
                    row_headers.append(key)
                elif scope == "rowgroup":
                    group_headers.append(key)
                elif in_head:
                    for column in range(cell.grid_x, cell.grid_x + cell.colspan):
                        columns[column].append(key)
            for cell in cells:
                if cell.element_tag == "td":
                    above = [
                        key for column in range(cell.grid_x, cell.grid_x + cell.colspan) for key in columns[column]
                    ]
                    cell.mark["A"]["Headers"] = pydyf.Array([*above, *group_headers, *row_headers])
