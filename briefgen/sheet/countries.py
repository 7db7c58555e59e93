"""Country names as readers say them, from ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import functools

# Where pycountry's official or common name is not what a news reader expects.
COUNTRY_NAMES = {"RU": "Russia", "VN": "Vietnam", "KP": "North Korea", "KR": "South Korea"}


@functools.cache  # a large archive names the same few dozen countries thousands of times
def country_name(code: str) -> str:
    """Name a country as readers say it, from its ISO 3166-1 alpha-2 code."""
    if code in COUNTRY_NAMES:
        return COUNTRY_NAMES[code]
    import pycountry  # on first use: a build with nothing to render never names a country

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_ref(code: str | None) -> dict | None:
    """Return ``{code, name}`` for a country code, or None."""
    return {"code": code, "name": country_name(code)} if code else None
