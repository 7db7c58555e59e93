"""SVG labels in the PDF: laid out as whole strings, so they are cheap and joined scripts come out right."""

from __future__ import annotations

import io

import weasyprint
from pypdf import PdfReader

from briefgen.pdf import svg_text

NAME = "عمر الحسن"
PAGE = f"""<!DOCTYPE html><html lang="en"><body style="font-family: 'Noto Sans'">
<p>{NAME}</p>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400" height="100" font-family="Noto Sans">
<text x="10" y="20" font-size="12">{NAME}</text>
<text x="200" y="45" text-anchor="middle" font-weight="700">Russian mercenaries</text>
<text x="390" y="70" text-anchor="end">Сергей Лавров</text>
<text x="10 20 30" y="95">abc</text>
</svg></body></html>"""


def drawn_lines() -> list[str]:
    page = PdfReader(io.BytesIO(weasyprint.HTML(string=PAGE).write_pdf())).pages[0]
    return page.extract_text().splitlines()


def test_the_installed_weasyprint_gets_whole_string_layout():
    assert svg_text.install(weasyprint), (
        f"svg_text was written for WeasyPrint {svg_text.WRITTEN_FOR}: check the new one"
    )


def test_a_label_in_a_joined_script_reads_as_the_same_words_in_a_paragraph():
    """Letter by letter, the Arabic name came out as isolated letters in reverse order."""
    svg_text.install(weasyprint)
    lines = drawn_lines()
    assert lines[:4] == [NAME, NAME, "Russian mercenaries", "Сергей Лавров"]
    assert "".join(lines[4].split()) == "abc", "a text placed letter by letter still goes to WeasyPrint's own code"
