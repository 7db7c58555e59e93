"""Every string the theme and the code mark is in every shipped catalog, translated, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from briefgen.i18n.extract import extract_messages
from tests.conftest import ROOT

LOCALES = ROOT / "templates" / "locales"
SHIPPED = sorted(path.stem for path in LOCALES.glob("*.po"))
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture(scope="module")
def extracted():
    return {message.id: message for message in extract_messages() if message.id}


def _catalog(language: str):
    with (LOCALES / f"{language}.po").open("rb") as stream:
        return read_po(stream, locale=language)


def test_french_and_arabic_are_shipped():
    assert {"fr", "ar"} <= set(SHIPPED)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_extracted_string_is_translated_in_the_catalog(extracted, language):
    catalog = _catalog(language)
    missing = []
    for msgid, message in extracted.items():
        found = catalog.get(msgid, context=message.context)
        strings = () if found is None else found.string if isinstance(found.string, tuple) else (found.string,)
        if found is None or found.fuzzy or not all(strings):
            missing.append(msgid)
    assert missing == [], f"run make catalogs and translate these in {language}.po"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_translation_keeps_the_placeholders_of_its_english(extracted, language):
    catalog = _catalog(language)
    wrong = []
    for msgid in extracted:
        found = catalog.get(msgid)
        if found is None:
            continue
        english = set(_PLACEHOLDER.findall(msgid if isinstance(msgid, str) else msgid[-1]))
        for string in found.string if isinstance(found.string, tuple) else (found.string,):
            if string and not set(_PLACEHOLDER.findall(string)) <= english:
                wrong.append((msgid, string))
    assert wrong == []


def test_the_template_in_the_repository_is_what_extraction_finds(extracted):
    with (LOCALES / "briefgen.pot").open("rb") as stream:
        template = {message.id for message in read_po(stream) if message.id}
    assert template == set(extracted), "run make catalogs"
