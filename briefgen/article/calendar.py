"""The words an article's dates are written with: the names of months and weekdays.

Reading only: how briefgen itself writes a date is :mod:`briefgen.sheet.dates`' concern.
"""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
