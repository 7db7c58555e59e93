"""Every table of every PDF in the corpus ties its headers to their cells, as a PDF/UA checker asks."""

from __future__ import annotations

from tests.corpus.support import corpus_pdfs
from tests.pdf.test_tags import struct_elements


def test_every_header_cell_has_a_scope_and_every_data_cell_its_headers(corpus_site):
    unscoped, unheaded, tables = [], [], 0
    for pdf in corpus_pdfs(corpus_site):
        elements = struct_elements(pdf.read_bytes())
        ids = {str(node["/ID"]) for path, node in elements if path[-1] == "/TH"}
        tables += sum(path[-1] == "/Table" for path, _ in elements)
        name = pdf.relative_to(corpus_site).as_posix()
        unscoped += [
            f"{name}: {node.get('/ID')}" for path, node in elements if path[-1] == "/TH" and "/Scope" not in node["/A"]
        ]
        for path, node in elements:
            if path[-1] == "/TD" and not {str(key) for key in node["/A"].get("/Headers", [])} <= ids:
                unheaded.append(f"{name}: a cell names a header that is not there")
            elif path[-1] == "/TD" and not node["/A"].get("/Headers"):
                unheaded.append(f"{name}: a cell with no header")
    assert tables >= 2 * len(corpus_pdfs(corpus_site))
    assert unscoped == [] and unheaded == [], (unscoped[:5], unheaded[:5])
