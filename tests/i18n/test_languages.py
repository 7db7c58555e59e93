"""A brief's language: where it comes from, and the words, numbers and dates its page is written in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.config import Project, read_settings
from briefgen.i18n.words import words_for
from briefgen.sheet.loader import read_sheet
from briefgen.site.render import render_print_html
from briefgen.site.templating import forget_environments
from tests.site.support import EXAMPLE_ID, make_project


def _project_in(root: Path, language: str) -> Project:
    make_project(root, templates=False)
    text = (root / "pyproject.toml").read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"')
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return Project(root, read_settings(root / "pyproject.toml"))


def _example(project: Project, replace: tuple[str, str] | None = None):
    path = project.briefs_dir / f"{EXAMPLE_ID}.yaml"
    if replace:
        path.write_text(path.read_text(encoding="utf-8").replace(*replace, 1), encoding="utf-8")
    loaded = read_sheet(path, project)
    assert loaded.ok, loaded.problems
    return loaded.sheet


@pytest.fixture(autouse=True)
def _fresh_catalogs():
    forget_environments()
    yield
    forget_environments()


def test_a_sheet_and_its_sources_take_the_project_language_when_they_name_none(tmp_path):
    sheet = _example(_project_in(tmp_path, "fr"))
    assert sheet.language == "fr"
    assert {source.language for source in sheet.sources} == {"fr"}


def test_a_sheet_language_wins_over_the_project_and_a_source_keeps_its_own(tmp_path):
    project = _project_in(tmp_path, "fr")
    sheet = _example(project, ("title:", "language: ar\ntitle:"))
    assert sheet.language == "ar"
    assert {source.language for source in sheet.sources} == {"ar"}
    first_source = sheet.sources[0].id
    sheet = _example(project, (f"- id: {first_source}\n", f"- id: {first_source}\n    language: en\n"))
    assert [source.language for source in sheet.sources if source.id == first_source] == ["en"]


def test_a_malformed_language_tag_is_refused_at_its_line(tmp_path):
    project = _project_in(tmp_path, "en")
    path = project.briefs_dir / f"{EXAMPLE_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "language: french!\ntitle:", 1), "utf-8")
    problems = [str(problem) for problem in read_sheet(path, project).problems]
    line = path.read_text(encoding="utf-8").splitlines().index("language: french!") + 1
    assert len(problems) == 1 and f"{path.name}:{line}:11: language: must match" in problems[0], problems


def test_the_print_page_is_worded_in_the_brief_language(tmp_path):
    project = _project_in(tmp_path, "fr")
    html = render_print_html(_example(project), project)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Points clés" in html and "Key points" not in html
    arabic = render_print_html(_example(project, ("title:", "language: ar\ntitle:")), project)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "النقاط الرئيسية" in arabic


def test_a_project_catalog_overrides_one_string_and_keeps_the_others(tmp_path):
    project = _project_in(tmp_path, "fr")
    locales = project.templates_dir / "locales"
    locales.mkdir(parents=True)
    (locales / "fr.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Key points"\nmsgstr "L’essentiel"\n',
        encoding="utf-8",
    )
    html = render_print_html(_example(project), project)
    assert "L’essentiel" in html and "Points clés" not in html
    assert "Contexte" in html  # every other string still comes from the built-in catalog


def test_a_language_without_a_catalog_falls_back_to_english(tmp_path):
    project = _project_in(tmp_path, "sw")
    html = render_print_html(_example(project), project)
    assert '<html lang="sw" dir="ltr">' in html and "Key points" in html


@pytest.mark.parametrize(
    ("language", "number", "day"),
    [("en", "5,300", "4 August 2024"), ("fr", "5\u202f300", "4 août 2024"), ("fr-CA", "5\u00a0300", "4 août 2024")],
)
def test_numbers_and_days_follow_the_language(language, number, day):
    words = words_for(language)
    assert words.number(5300) == number
    assert words.day(dt.date(2024, 8, 4)) == day


def test_check_warns_at_the_language_key_when_briefgen_words_would_stay_english(tmp_path):
    project = _project_in(tmp_path, "en")
    path = project.briefs_dir / f"{EXAMPLE_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "language: sw\ntitle:", 1), "utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("language: sw") + 1
    warnings = [str(p) for p in read_sheet(path, project).problems if "translation" in str(p)]
    assert len(warnings) == 1 and f"{path.name}:{line}:" in warnings[0] and "templates/locales/sw.po" in warnings[0]
    locales = project.templates_dir / "locales"
    locales.mkdir(parents=True)
    (locales / "fr.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
    french = path.read_text(encoding="utf-8").replace("language: sw", "language: fr")
    path.write_text(french, encoding="utf-8")
    assert not [p for p in read_sheet(path, project).problems if "translation" in str(p)]  # French is complete


def test_figures_are_grouped_in_change_lines_and_worded_in_the_brief_language(tmp_path):
    from briefgen.editions.wording import figure_words

    claim = _example(_project_in(tmp_path, "en")).casualties[0]
    bigger = claim.model_copy(update={"figure": 11300, "qualifier": "more_than"})
    assert figure_words(bigger) == "more than 11,300"
    assert bigger.worded_in(words_for("fr")) == "plus de 11\u202f300"
    assert bigger.worded_in(words_for("ar")) == "أكثر من 11,300"
