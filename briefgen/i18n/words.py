"""One language's words: its gettext, and its numbers, dates and territory names from Babel's locale data."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from briefgen.i18n.catalogs import SOURCE_LANGUAGE, forget_catalogs, translations_for
from briefgen.themes import Theme

# Where a brief's house style differs from the locale's usual long date: English briefs write '4 August 2024'.
_DAY_PATTERNS = {"en": "d MMMM y"}
_MONTH_PATTERNS = {"en": "MMMM y"}
WRITTEN_KEPT = 4096  # numbers and days kept as written per language: bounded, for serve's long life


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a string for the catalogs where it is defined; it is translated where it is shown (``words.gettext``)."""
    return message


@dataclass(frozen=True)
class Words:
    """The words of one language: translations with English behind them, and the locale that formats values.

    ``language`` is the BCP 47 tag as the brief gives it (what ``lang=`` says);
    ``locale`` is Babel's nearest locale, English when Babel knows no such language.
    """

    language: str
    locale: Locale
    translations: gettext.NullTranslations
    # Numbers and days as written, by value: Babel works through its pattern on every call, and a build
    # writes the same few thousand values again and again.
    _written: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @property
    def direction(self) -> str:
        """Return 'rtl' or 'ltr', as the page's ``dir`` says it."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def number(self, value: int | float) -> str:
        """Write a number with the language's grouping and decimal sign: 5,300 in English, 5 300 in French."""
        key = (type(value), value)  # typed: 1.0 and True are equal to 1 as keys, and need not be written alike
        written = self._written.get(key)
        if written is None:
            written = self._keep(key, format_decimal(value, locale=self.locale))
        return written

    def day(self, day: dt.date) -> str:
        """Write an exact day in full: '4 August 2024', '4 août 2024'."""
        key = (dt.date, day)
        written = self._written.get(key)
        if written is None:
            pattern = _DAY_PATTERNS.get(self.locale.language, "long")
            written = self._keep(key, format_date(day, format=pattern, locale=self.locale))
        return written

    def _keep(self, key: tuple, written: str) -> str:
        if len(self._written) >= WRITTEN_KEPT:
            self._written.clear()
        self._written[key] = written
        return written

    def month(self, year: int, month: int) -> str:
        """Write a month of a year: 'August 2024', 'août 2024'."""
        day = dt.date(year, month, 1)
        pattern = _MONTH_PATTERNS.get(self.locale.language)
        if pattern:
            return format_date(day, format=pattern, locale=self.locale)
        return format_skeleton("yMMMM", day, locale=self.locale)

    def year(self, year: int) -> str:
        """Write a year as the language writes one (no grouping: 2024, not 2,024)."""
        return format_date(dt.date(year, 1, 1), format="y", locale=self.locale)

    def language_name(self, language: str) -> str:
        """Name a language in this one: 'anglais' in French words, as a sentence says it."""
        return locale_of(language).get_display_name(self.locale) or language

    def territory(self, code: str) -> str | None:
        """Name a country by its ISO 3166 alpha-2 code in this language, or None when the locale data has none."""
        return self.locale.territories.get(code.upper())


def own_name(language: str) -> str:
    """Name a language in itself, as a language switcher does: 'Français', 'العربية', 'English'."""
    name = locale_of(language).get_display_name() or language
    return name[:1].upper() + name[1:]


def locale_of(language: str) -> Locale:
    """Return Babel's locale for a BCP 47 tag, falling back to its language alone, then to English."""
    for tag in (language, language.split("-")[0]):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(SOURCE_LANGUAGE)


@functools.cache
def words_for(language: str, theme: Theme | None = None) -> Words:
    """Return the words of a language, with a project's overrides when its theme is given (cached)."""
    theme = theme or Theme.builtin_only()
    return Words(language, locale_of(language), translations_for(language, theme))


def english() -> Words:
    """Return the built-in English words: what a value says when no language is asked for (checks, logs)."""
    return words_for(SOURCE_LANGUAGE)


def forget_words() -> None:
    """Drop cached catalogs, so an edited catalog is read again (serve calls this through the site's templating)."""
    words_for.cache_clear()
    forget_catalogs()
