"""Numbers and days kept as written: the same value reads the same, another value never reads as a kept one."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

from briefgen.i18n import words as words_module
from briefgen.i18n.words import words_for


def test_a_number_written_again_reads_as_babel_writes_it_in_each_language():
    for language, expected in (("en", "5,300"), ("fr", "5\u202f300")):
        words = words_for(language)
        assert words.number(5300) == words.number(5300) == format_decimal(5300, locale=words.locale)
        assert words.number(5300).replace("\u00a0", "\u202f") == expected
        assert words.number(5301) != words.number(5300)


def test_a_day_written_again_reads_as_babel_writes_it():
    english, french = words_for("en"), words_for("fr")
    day = dt.date(2024, 8, 4)
    assert english.day(day) == english.day(day) == "4 August 2024"
    assert french.day(day) == french.day(day) == format_date(day, format="long", locale=french.locale)
    assert english.day(dt.date(2024, 8, 5)) == "5 August 2024"


def test_what_is_kept_stays_bounded_and_right(monkeypatch):
    monkeypatch.setattr(words_module, "WRITTEN_KEPT", 8)
    words = words_for("en")
    for value in range(1000, 1040):
        assert words.number(value) == format_decimal(value, locale=words.locale)
        assert len(words._written) <= 8
