"""Country names as readers say them, from ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import functools

from briefgen.i18n.words import Words

# Where pycountry's official or common name is not what a news reader expects.
COUNTRY_NAMES = {"RU": "Russia", "VN": "Vietnam", "KP": "North Korea", "KR": "South Korea"}


def country_name(code: str, words: Words | None = None) -> str:
    """Name a country as readers say it, from its ISO 3166-1 alpha-2 code: in English, or in the language of ``words``.

    Other languages take Babel's territory names (CLDR's, the ones readers of that
    language see everywhere); English keeps the names below, which news readers expect.
    """
    if words is not None and words.locale.language != "en":
        return words.territory(code) or english_country_name(code)
    return english_country_name(code)


@functools.cache  # a large archive names the same few dozen countries thousands of times
def english_country_name(code: str) -> str:
    """Name a country in English as news readers say it."""
    if code in COUNTRY_NAMES:
        return COUNTRY_NAMES[code]
    import pycountry  # on first use: a build with nothing to render never names a country

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_ref(code: str | None, words: Words | None = None) -> dict | None:
    """Return ``{code, name}`` for a country code, or None; named in the language of ``words`` when given."""
    return {"code": code, "name": country_name(code, words)} if code else None
