"""Every page of every PDF in the corpus, read back as geometry: ink stays in the content box, no page is left half empty.

The content box is the A4 page inside print/brief.css's @page margins; the running header
and footer sit in the margins and are left out of both checks. Where a page breaks, what
does not fit moves on, so a page before the last may end early, but never by more than a
third of its height (no section of the built-in print theme must start a page of its own).
"""

from __future__ import annotations

import pytest

from tests.corpus.geometry import read_pages
from tests.corpus.support import corpus_pdfs

MOST_EMPTY = 1 / 3


@pytest.fixture(scope="module")
def corpus_pages(corpus_site) -> dict[str, list]:
    return {pdf.relative_to(corpus_site).as_posix(): read_pages(pdf) for pdf in corpus_pdfs(corpus_site)}


def test_the_corpus_has_every_kind_of_pdf(corpus_pages):
    names = sorted(corpus_pages)
    assert sum("/editions/" in name for name in names) == 4, "two past editions each of the example and the flood"
    lengths = sorted({len(pages) for name, pages in corpus_pages.items() if "bench-brief" in name})
    assert len(lengths) >= 5, f"synthetic briefs of many lengths, got {lengths}"


def test_no_glyph_or_rule_reaches_out_of_the_content_box(corpus_pages):
    outside = [
        f"{name} page {page.number}: {item.what!r} at x {item.left:.1f}-{item.right:.1f}, y {item.top:.1f}-{item.bottom:.1f}"
        for name, pages in corpus_pages.items()
        for page in pages
        for item in page.outside()
    ]
    assert outside == [], f"{len(outside)} items outside the content box, e.g.\n" + "\n".join(outside[:12])


def test_no_page_before_the_last_is_more_than_a_third_empty(corpus_pages):
    empty = [
        f"{name} page {page.number} of {len(pages)}: {page.empty_share():.0%} empty"
        for name, pages in corpus_pages.items()
        for page in pages[:-1]
        if page.empty_share() > MOST_EMPTY
    ]
    assert empty == [], "\n".join(empty)
