"""Dates keep exactly the precision their source gives."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.sheet.dates import FuzzyDate


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2024-08-04", "4 August 2024"),
        ("2024-08", "August 2024"),
        ("2024", "2024"),
        ("2024-08~", "about August 2024"),
        ("2024-07-25/2024-07-27", "25\u201327 July 2024"),
        ("2024-07-30/2024-08-02", "30 July 2024 \u2013 2 August 2024"),
        ("2024-07-27/..", "27 July 2024 or later"),
        ("../2024-08-04", "4 August 2024 or earlier"),
    ],
)
def test_human_form_keeps_precision(written, said):
    date = FuzzyDate.parse(written)
    assert date.human() == said
    assert str(date) == written


def test_yaml_dates_and_bare_years_are_accepted():
    assert FuzzyDate.parse(dt.date(2024, 8, 4)).human() == "4 August 2024"
    assert FuzzyDate.parse(2024).human() == "2024"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", "February 2024 has no day 30"),
        ("2023-02-29", "February 2023 has no day 29"),
        ("2024-00", "month 0 does not exist"),
        ("4 August 2024", "is not a date"),
        ("2024-08-05/2024-08-01", "ends before it starts"),
        ("../..", "at least one known end"),
    ],
)
def test_impossible_dates_are_refused(written, message):
    with pytest.raises(ValueError, match=message):
        FuzzyDate.parse(written)


def test_leap_day_exists():
    assert FuzzyDate.parse("2024-02-29").human() == "29 February 2024"


def test_events_sort_by_earliest_possible_day():
    dates = [FuzzyDate.parse(t) for t in ("2024-08-04", "2024-07-27/..", "2024-07-25/2024-07-27", "2024-07")]
    ordered = sorted(dates, key=FuzzyDate.sort_key)
    assert [str(d) for d in ordered] == ["2024-07", "2024-07-25/2024-07-27", "2024-07-27/..", "2024-08-04"]
