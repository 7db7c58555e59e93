"""Pin the time fontTools stamps into the fonts it writes, per render, so PDF bytes depend only on inputs.

WeasyPrint hands fonts to fontTools when HarfBuzz-Subset is missing, and for
variable or colour fonts even when it is not. fontTools then stamps each font's
``head.modified`` with the clock (or ``SOURCE_DATE_EPOCH``), so the same brief
rendered a second later embeds different font bytes. Setting the environment
variable would pin it for the whole process: every thread and every child
process would see one brief's date. Instead the stamp is read from a context
variable that :func:`font_clock` sets around one render, so each thread (a
server thread, a worker process) sees only the date of the brief it renders.
HarfBuzz-Subset copies ``head`` as it is and needs no pin.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar

# fontTools counts seconds from 1904-01-01 (the OpenType epoch), not from 1970.
_OPENTYPE_EPOCH = calendar.timegm((1904, 1, 1, 0, 0, 0, 0, 0, 0))
_pinned_stamp: ContextVar[int | None] = ContextVar("briefgen_font_stamp", default=None)


def opentype_stamp(day: dt.date) -> int:
    """Return midnight UTC of a day as an OpenType timestamp (seconds since 1904)."""
    return calendar.timegm(day.timetuple()) - _OPENTYPE_EPOCH


def _stamp_now() -> int:
    """Return the pinned stamp inside font_clock(), and fontTools' own clock outside it."""
    pinned = _pinned_stamp.get()
    if pinned is None:
        from fontTools.misc.timeTools import timestampNow

        return timestampNow()
    return pinned


def install() -> None:
    """Make fontTools ask this module for the time when it compiles a font's ``head`` table; safe to repeat."""
    from fontTools.ttLib.tables import _h_e_a_d

    _h_e_a_d.timestampNow = _stamp_now  # idempotent, so two threads installing at once are harmless


@contextlib.contextmanager
def font_clock(day: dt.date) -> Iterator[None]:
    """Stamp every font fontTools writes in this block (this thread only) with the given day."""
    install()
    token = _pinned_stamp.set(opentype_stamp(day))
    try:
        yield
    finally:
        _pinned_stamp.reset(token)
