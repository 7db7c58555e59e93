"""Table headers in the tagged PDF: every TH has its /Scope, every TD the headers that apply to it, nothing else moved."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from pypdf import PdfReader

from briefgen.pdf import render as pdf
from briefgen.site.render import render_print_html
from tests.pdf.test_pdf import REPO, example_sheet


def struct_elements(data: bytes) -> list[tuple[tuple[str, ...], dict]]:
    """Every structure element in reading order, as (its path of types from the root, the element)."""
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(node, path):
        node = node.get_object()
        if not hasattr(node, "get") or "/S" not in node:
            return
        path = (*path, str(node["/S"]))
        found.append((path, node))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if not isinstance(kid, int):
                walk(kid, path)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0], ())
    return found


@pytest.fixture(scope="module")
def laid_out():
    sheet = example_sheet()
    return pdf.lay_out(render_print_html(sheet, REPO), REPO, sheet.id), sheet.as_of.isoformat()


@pytest.fixture(scope="module")
def tagged(laid_out) -> list:
    document, as_of = laid_out
    return struct_elements(pdf.write_pages(document, REPO, as_of))


def test_every_table_header_has_its_scope(tagged):
    headers = [(path, node) for path, node in tagged if path[-1] == "/TH"]
    assert len(headers) > 20
    for path, node in headers:
        scope = node["/A"].get("/Scope")
        assert scope in ("/Column", "/Row"), (path, node.get("/ID"))
        if "/THead" in path:
            assert scope == "/Column"
    actor_rows = [node for path, node in headers if "/TBody" in path and "/ColSpan" not in node["/A"]]
    assert actor_rows and all(node["/A"]["/Scope"] == "/Row" for node in actor_rows)


def test_a_claim_is_under_its_column_and_its_own_group_only(tagged):
    tables = [index for index, (path, _) in enumerate(tagged) if path[-1] == "/Table"]
    casualties = [i for i in tables if any("/ColSpan" in n.get("/A", {}) for _, n in tagged[i : i + 60])][-1]
    column_heads, group, seen = set(), None, 0
    for path, node in tagged[casualties + 1 :]:
        if path[-1] == "/Table":
            break
        if path[-1] == "/TH" and "/THead" in path:
            column_heads.add(str(node["/ID"]))
        elif path[-1] == "/TH":
            group = str(node["/ID"])
        elif path[-1] == "/TD" and len(path) == len(tagged[casualties][0]) + 3:
            headers = [str(key) for key in node["/A"]["/Headers"]]
            assert len(headers) == 2 and headers[0] in column_heads and headers[1] == group, headers
            seen += 1
    assert seen == 12, "three claims of four cells each"


def test_the_other_tags_stay_as_weasyprint_writes_them(laid_out, tagged):
    document, as_of = laid_out
    with pdf.font_clock(pdf.dt.date.fromisoformat(as_of)):
        plain = struct_elements(document.write_pdf(**pdf.print_kit(REPO).options))
    assert [path for path, _ in plain] == [path for path, _ in tagged]

    def attributes(elements):
        return Counter(
            (key, str(value))
            for _, node in elements
            for key, value in node.get("/A", {}).items()
            if key not in ("/Scope", "/Headers", "/BBox")
        )

    assert attributes(plain) == attributes(tagged)
