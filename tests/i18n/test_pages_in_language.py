"""The Arabic fixture brief and the example brief in French, built with their PDFs: every word of briefgen's own
in the brief's language, laid out in its direction, and the PDFs saying their language."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from pypdf import PdfReader

from briefgen.config import Project, read_settings
from briefgen.site.build import BuildOptions, build
from briefgen.site.templating import forget_environments
from tests.conftest import FIXTURES, ROOT
from tests.site.support import nu_check

ARABIC_ID = "mali-ukraine-ar"
EXAMPLE_ID = "mali-ukraine-rupture"
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def _built(root: Path) -> Path:
    forget_environments()
    project = Project(root, read_settings(root / "pyproject.toml"))
    build(project, BuildOptions(out_dir=root / "site", pdf=True))
    return root / "site"


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory) -> Path:
    """The Arabic fixture in a project whose default language is English, as the issue tried it."""
    root = tmp_path_factory.mktemp("arabic")
    shutil.copytree(FIXTURES / "arabic", root, dirs_exist_ok=True)
    return _built(root)


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Path:
    """This repository's briefs in an English project: the example and its French version, under fr/."""
    root = tmp_path_factory.mktemp("french")
    shutil.copytree(ROOT / "briefs", root / "briefs")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "Notes"\nlanguage = "en"\n', "utf-8")
    return _built(root)


def _english_phrases(language: str) -> list[str]:
    """Every run of words in briefgen's own English strings (the catalog's msgids), placeholders and markup cut out;
    a run the language's translation keeps as it is ('Notes', 'Sources' in French) is left out."""
    with (ROOT / "templates" / "locales" / f"{language}.po").open("rb") as stream:
        catalog = read_po(stream)
    phrases = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = " ".join(message.string if isinstance(message.string, tuple) else (message.string,))
        for piece in (piece for msgid in ids for piece in re.split(r"%\(\w+\)s|<[^>]+>", msgid)):
            piece = piece.strip(" .,:;()“”")
            if len(piece) >= 4 and re.search("[A-Za-z]{3}", piece) and piece not in translated:
                phrases.add(piece)
    return sorted(phrases)


def _sheet_strings(path: Path) -> list[str]:
    """Every text of a fact sheet: the brief's own words, which are the desk's, not briefgen's."""
    found, pending = [], [yaml.safe_load(path.read_text(encoding="utf-8"))]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str):
            found.append(" ".join(value.replace("**", "").split()))
    return sorted(found, key=len, reverse=True)


def _visible_text(page: Path, sheet: Path) -> str:
    """The words a reader sees or hears on a page (text and labelling attributes), the sheet's own words cut out."""
    source = page.read_text(encoding="utf-8")
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    attributes = " ".join(re.findall(r'(?:aria-label|alt|title|placeholder|data-label)="([^"]*)"', source))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", source) + " " + attributes).split())
    for own in _sheet_strings(sheet):
        text = text.replace(own, " ")
    return text


def _english_left(text: str, language: str) -> list[str]:
    return [
        phrase
        for phrase in _english_phrases(language)
        if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)
    ]


def test_the_arabic_page_is_right_to_left_with_no_english_word_of_briefgen(arabic_site):
    page = arabic_site / "ar" / "briefs" / ARABIC_ID / "index.html"  # a brief only in Arabic lives under ar/ alone
    source = page.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in source
    assert _english_left(_visible_text(page, FIXTURES / "arabic" / "briefs" / f"{ARABIC_ID}.yaml"), "ar") == []
    assert "أكثر من 5,300" in source and "5 أغسطس 2024" in source  # figures grouped, days in Arabic
    assert 'lang="ar" dir="auto"' in source  # quotes carry their source's language


def test_the_french_page_has_no_english_word_of_briefgen_and_french_figures(french_site):
    page = french_site / "fr" / "briefs" / EXAMPLE_ID / "index.html"
    source = page.read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in source
    assert _english_left(_visible_text(page, ROOT / "briefs" / f"{EXAMPLE_ID}.fr.yaml"), "fr") == []
    assert "4 août 2024" in source


@pytest.mark.parametrize(
    ("site_name", "brief_id", "language"), [("arabic_site", ARABIC_ID, "ar"), ("french_site", EXAMPLE_ID, "fr")]
)
def test_the_pdf_says_its_language_and_has_no_english_running_header(request, site_name, brief_id, language):
    folder = f"{language}/"  # neither brief is in its project's language: each lives under its language's folder
    pdf = request.getfixturevalue(site_name) / f"{folder}briefs" / brief_id / f"{brief_id}.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == language
    texts = [page.extract_text() for page in reader.pages]
    assert not any(re.search(r"Page \d+ of \d+|As of \d", text) for text in texts)
    if language == "ar":
        assert all(_ARABIC_LETTER.search(text) for text in texts)
    else:
        assert all(f"sur {len(texts)}" in text for text in texts) and "À jour au 4 août 2024" in texts[0]


@pytest.mark.parametrize("site_name", ["arabic_site", "french_site"])
def test_the_pages_in_each_language_pass_the_nu_html_checker(request, site_name):
    result = nu_check(request.getfixturevalue(site_name))
    assert result.returncode == 0, result.stdout + result.stderr
