"""Pydantic models of a fact sheet. Pure: no file or network access here.

The top-level keys are a contract that the site, the PDF, mail and outside
scripts rely on. Every factual item carries ``cite``: the sources and exact
quotes that support it. Whether those quotes really occur in the sources is
checked in :mod:`briefgen.sheet.provenance`; whether ids resolve, in
:mod:`briefgen.sheet.references`. How a figure is worded and what numbers it
allows lives in :mod:`briefgen.sheet.figure_forms`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from briefgen.i18n.words import Words
from briefgen.sheet.dates import DatePoint, FuzzyDate
from briefgen.sheet.figure_forms import (
    FigureBounds,
    Qualifier,
    check_word_figure,
    figure_bounds,
    qualifier_problem,
    worded,
)

UNKNOWN = "unknown"
UNATTRIBUTED = "unattributed"
UNSPECIFIED = "unspecified"
MAX_KEY_FIGURES = 6  # a situation report's box of key figures: a glance, not a table

# Control characters (Unicode Cc) and the noncharacters U+FFFE and U+FFFF are no text: they make the feed and
# the sitemap ill-formed XML and can hide what a reader is shown. Prose (markdown, quotes) keeps tabs and line breaks.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_NOT_PROSE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def _refuse_controls(found: re.Match | None, allowed: str) -> None:
    if found is None:
        return
    char = found.group()
    kind = "a noncharacter" if char in "\ufffe\uffff" else "a control character"
    raise ValueError(f"holds U+{ord(char):04X}, {kind}; {allowed}")


def _line_text(value: str) -> str:
    _refuse_controls(_NOT_TEXT.search(value), "this text is one line, with no tab, line break or control character")
    return value


def _prose_text(value: str) -> str:
    _refuse_controls(_NOT_PROSE.search(value), "text may hold tabs and line breaks, but no other control character")
    return value


LineText = AfterValidator(_line_text)  # every text field that is not prose
ProseText = AfterValidator(_prose_text)  # markdown and quotes

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=80,
        description="Lower-case letters, digits and single hyphens.",
    ),
]
ShortText = Annotated[str, Field(min_length=1, max_length=300), LineText]
_LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LanguageTag = Annotated[
    str,
    Field(
        pattern=_LANGUAGE_TAG,
        max_length=35,
        description="A BCP 47 language tag: en, fr, ar, pt-BR.",
    ),
]
DEFAULT_LANGUAGE = "en"  # a sheet validated with no project behind it
Markdown = Annotated[
    str, Field(min_length=1, max_length=20_000, description="Markdown; raw HTML is not rendered."), ProseText
]


def _check_country(code: str) -> str:
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. ML for Mali)")
    return code


def _parse_fuzzy_date(value: object) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    if not isinstance(value, (str, int, dt.date)) or isinstance(value, bool):
        raise ValueError("a date must be text such as 2024-08-04, 2024-08, 2024-08~ or 2024-07-25/2024-07-27")
    return FuzzyDate.parse(value)


def _parse_day(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    point = DatePoint.parse(str(value))
    if point.day is None or point.approximate:
        raise ValueError(f"'{value}' must be an exact day, YYYY-MM-DD")
    return point.earliest()


Day = Annotated[dt.date, BeforeValidator(_parse_day), WithJsonSchema({"type": "string", "format": "date"})]
CountryCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, upper case."),
    AfterValidator(_check_country),
]
ApproximateDate = Annotated[
    FuzzyDate,
    BeforeValidator(_parse_fuzzy_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?~?|\.\.)(/(\d{4}(-\d{2}(-\d{2})?)?~?|\.\.))?$",
            "description": "EDTF subset: 2024-08-04, 2024-08, 2024, ~ for approximate, A/B ranges, .. for an open end.",
        }
    ),
]


class Strict(BaseModel):
    """Base for every fact-sheet model: unknown keys are errors, so typos surface."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(Strict):
    """A pointer into a source: the exact words that support an item."""

    source: Slug = Field(description="Id of an entry in `sources`.")
    quote: Annotated[str, Field(min_length=3, max_length=2_000), ProseText] = Field(
        description="Exact excerpt of the source text (white space, quote and dash styles may differ)."
    )
    translation: Annotated[str, Field(min_length=1, max_length=2_000), ProseText] | None = Field(
        default=None,
        description="The desk's translation of the quote into the brief's language, when the source is in another; "
        "shown beside the original, which is always shown.",
    )


Citations = Annotated[list[Citation], Field(min_length=1, description="At least one source with an exact quote.")]


class Statement(Strict):
    """A short markdown statement with its citations: a key point or a background paragraph."""

    text: Markdown
    cite: Citations


class Location(Strict):
    """Where an event happened, as precisely as the source says."""

    place: ShortText
    country: CountryCode | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class TimelineEvent(Strict):
    """One dated event of the situation."""

    id: Slug
    date: ApproximateDate
    location: Location | None = None
    actors: list[Slug] = Field(default=[], description="Ids of the actors who took part.")
    description: Markdown
    cite: Citations


class ActorKind(StrEnum):
    """What sort of actor a party to the situation is."""

    STATE = "state"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    ARMED_FORCES = "armed_forces"
    ARMED_GROUP = "armed_group"
    PRIVATE_MILITARY_COMPANY = "private_military_company"
    TERRORIST_ORGANISATION = "terrorist_organisation"
    PERSON = "person"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    MEDIA = "media"
    CIVILIANS = "civilians"
    HUMANITARIAN_ORGANISATION = "humanitarian_organisation"
    NGO = "ngo"
    RED_CROSS_RED_CRESCENT = "red_cross_red_crescent"
    LEGISLATURE = "legislature"
    CITY_COUNCIL = "city_council"
    LOCAL_AUTHORITY = "local_authority"
    EMERGENCY_SERVICE = "emergency_service"
    POLITICAL_PARTY = "political_party"
    COURT = "court"


class Actor(Strict):
    """A party to the situation, named as the sources name it."""

    id: Slug
    name: ShortText
    kind: ActorKind
    country: CountryCode | None = None
    aliases: list[ShortText] = []
    allied_with: list[Slug] = Field(default=[], description="Actor ids.")
    opposed_to: list[Slug] = Field(default=[], description="Actor ids.")
    part_of: list[Slug] = Field(
        default=[],
        exclude_if=lambda ids: not ids,
        description="Ids of the actors this one belongs to: a ministry of a government, OCHA of the UN.",
    )
    role: Markdown
    cite: Citations


class CasualtyCategory(StrEnum):
    """What happened to the people a casualty claim counts."""

    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    MISSING = "missing"
    DISPLACED = "displaced"


def _not_a_truth_value(value: object) -> object:
    """Refuse true/false as a count: pydantic would otherwise read them as 1 and 0."""
    if isinstance(value, bool):
        raise ValueError(f"must be a whole number (got {str(value).lower()})")
    return value


Count = Annotated[int, Field(ge=0), BeforeValidator(_not_a_truth_value)]


class FigureRange(Strict):
    """A figure given as a range: 'between 40 and 50', or '25 to 82 or more' with or_more: true."""

    low: Count
    high: Count
    or_more: bool = Field(default=False, description="The upper end is open, as in '25 to 82 or more'.")

    @field_validator("high")
    @classmethod
    def _above_low(cls, high: int, info: ValidationInfo) -> int:
        low = info.data.get("low")
        if low is not None and high <= low:
            raise ValueError(f"a range's high must be above its low (got {low} to {high}); one number is figure: {low}")
        return high


def _figure_form(value: object) -> str:
    """Tell which form a figure is written in, so only that form's complaints are reported.

    Tags are capitalised: error locations carry them, and the diagnostics drop
    capitalised parts as union branches rather than take them for YAML keys.
    """
    if isinstance(value, (dict, FigureRange)):
        return "Range"
    if isinstance(value, str) and not value.strip().isdigit():
        return "Words"
    return "Number"


WordFigure = Annotated[
    str,
    Field(min_length=1, max_length=60, description="The source's own words for an amount, e.g. dozens."),
    LineText,
    AfterValidator(check_word_figure),
]
Figure = Annotated[
    Annotated[Count, Tag("Number")] | Annotated[FigureRange, Tag("Range")] | Annotated[WordFigure, Tag("Words")],
    Discriminator(_figure_form),
]


class Grade(StrEnum):
    """Admiralty source reliability: A (completely reliable) to F (cannot be judged)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


Credibility = Annotated[
    int, Field(ge=1, le=6, description="Admiralty credibility: 1 confirmed ... 6 cannot be judged.")
]


class ClaimBasis(StrEnum):
    """How a claimant arrived at a figure: counted, estimated, or projected ("could reach")."""

    COUNT = "count"
    ESTIMATE = "estimate"
    PROJECTION = "projection"


class Withdrawal(Strict):
    """The claimant, or the one who passed a claim on, no longer stands by it: when, in what words, on what source."""

    on: ApproximateDate = Field(description="When the claim was withdrawn, as precisely as the source says.")
    note: Markdown = Field(description="What was said: who withdrew it and why, as the source puts it.")
    cite: Citations


def _unused(value: object) -> bool:
    """Leave a key out of the JSON when it is not used, so a sheet without it exports as it did before it existed."""
    return value is None or value is False


class CasualtyClaim(Strict):
    """One claimant's figure for one party and category, as the source says it; claims are never summed."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"figure": {"type": "string"}}, "required": ["figure"]},
            "then": {"properties": {"qualifier": {"type": "null"}}},
            "else": {"required": ["qualifier"]},
        }
    )

    party: Slug = Field(description=f"Actor id, or '{UNSPECIFIED}' when the source does not say who.")
    category: CasualtyCategory
    figure: Figure = Field(
        description="A whole number, a range {low, high} (or_more: true for an open upper end), or the source's "
        "words for an amount that gives no number (dozens); a figure in words must stand in a cited quote."
    )
    qualifier: Qualifier | None = Field(
        default=None,
        validate_default=True,
        description="Required for a number or range; left out for a figure in words, whose words say it all.",
    )
    claimed_by: Slug = Field(description=f"Actor id of the claimant, or '{UNATTRIBUTED}'.")
    via: Slug | None = Field(
        default=None,
        exclude_if=_unused,
        description="Actor id of the one through whom the claim is reported, when not the claimant.",
    )
    claimed_on: ApproximateDate | None = Field(
        default=None, exclude_if=_unused, description="When the claimant gave the figure."
    )
    basis: ClaimBasis | None = Field(
        default=None,
        exclude_if=_unused,
        description="count: bodies counted or identified; estimate; projection: what the toll could reach.",
    )
    event: Slug = Field(description="Timeline event id.")
    credibility: Credibility | None = None
    key_figure: bool = Field(
        default=False, exclude_if=_unused, description="Show this claim in the brief's key figures (six at most)."
    )
    withdrawn: Withdrawal | None = Field(
        default=None, exclude_if=_unused, description="The claim is no longer stood by; it stays, shown as withdrawn."
    )
    cite: Citations

    @field_validator("qualifier")
    @classmethod
    def _fits_figure(cls, qualifier: Qualifier | None, info: ValidationInfo) -> Qualifier | None:
        if "figure" not in info.data:  # the figure itself is wrong and reported
            return qualifier
        problem = qualifier_problem(info.data["figure"], qualifier)
        if problem:
            raise ValueError(problem)
        return qualifier

    @field_validator("withdrawn")
    @classmethod
    def _after_claimed(cls, withdrawn: Withdrawal | None, info: ValidationInfo) -> Withdrawal | None:
        claimed_on = info.data.get("claimed_on")
        if withdrawn and claimed_on and withdrawn.on.sort_key()[1] < claimed_on.sort_key()[0]:
            raise ValueError(f"withdrawn on {withdrawn.on}, before the claim was made ({claimed_on}); check both dates")
        return withdrawn

    @property
    def standing(self) -> bool:
        """Whether the claim is still stood by: a withdrawn claim stays in the brief but never counts as standing."""
        return self.withdrawn is None

    @property
    def bounds(self) -> FigureBounds | None:
        """The numbers this claim allows, with which ends are open; None for a figure in words."""
        return figure_bounds(self.figure, self.qualifier)

    @property
    def worded(self) -> str:
        """The figure with its qualifier, as the source says it: 'more than 20', '25–82 or more', 'dozens'."""
        return worded(self.figure, self.qualifier)

    def worded_in(self, words: Words) -> str:
        """The figure with its qualifier in a brief's language: 'plus de 5 300' in French words."""
        return worded(self.figure, self.qualifier, words)


def revised_by(claims: list[CasualtyClaim]) -> dict[int, CasualtyClaim]:
    """Map the position of each claim a newer one from the same claimant supersedes to the claim that does.

    Same claimant means the same party, category, event, claimant and intermediary; newer means
    given on a later day (``claimed_on``). A withdrawn claim neither supersedes nor is revised:
    it is said as withdrawn. A claim without a date is never taken for a revision.
    """
    latest: dict[int, CasualtyClaim] = {}
    for index, claim in enumerate(claims):
        if not claim.standing or claim.claimed_on is None:
            continue
        newer = [
            other
            for other in claims
            if other.standing
            and other.claimed_on is not None
            and _same_claimant(claim, other)
            and other.claimed_on.sort_key()[0] > claim.claimed_on.sort_key()[1]
        ]
        if newer:
            latest[index] = min(newer, key=lambda other: other.claimed_on.sort_key())
    return latest


def _same_claimant(one: CasualtyClaim, other: CasualtyClaim) -> bool:
    def identity(claim: CasualtyClaim) -> tuple:
        return (claim.party, claim.category, claim.event, claim.claimed_by, claim.via)

    return identity(one) == identity(other)


class ReactionAction(StrEnum):
    """What an actor did in response."""

    SEVERS_RELATIONS = "severs_relations"
    CONDEMNS = "condemns"
    DENIES = "denies"
    ACCUSES = "accuses"
    SUMMONS_AMBASSADOR = "summons_ambassador"
    REAFFIRMS_SUPPORT = "reaffirms_support"
    RETALIATES = "retaliates"
    WARNS = "warns"
    CALLS_FOR = "calls_for"
    SANCTIONS = "sanctions"
    HOLDS_TALKS = "holds_talks"
    STATEMENT = "statement"
    SENDS_AID = "sends_aid"
    APPEALS_FOR_AID = "appeals_for_aid"
    DECLARES_MOURNING = "declares_mourning"
    DECLARES_EMERGENCY = "declares_emergency"
    PROTESTS = "protests"
    SUSPENDS = "suspends"
    DISMISSES = "dismisses"
    ARRESTS = "arrests"
    OPENS_INVESTIGATION = "opens_investigation"
    EVACUATES = "evacuates"
    OFFERS_CONDOLENCES = "offers_condolences"
    RESIGNS = "resigns"


class Reaction(Strict):
    """An actor's response to the situation, with its own words where quoted."""

    actor: Slug
    date: ApproximateDate | None = None
    action: ReactionAction
    summary: Markdown
    quote: Annotated[str, Field(min_length=1, max_length=2_000), ProseText] | None = Field(
        default=None, description="The actor's own words; must occur in a cited source."
    )
    credibility: Credibility | None = None
    cite: Citations


UnknownOr = Literal["unknown"]
HttpUrl = Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$", max_length=2_000), LineText]
SeedPath = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", max_length=300, description="Path relative to seeds/."),
]


class Source(Strict):
    """A document the brief draws on; what is not known is written 'unknown'."""

    id: Slug
    title: ShortText | UnknownOr
    publisher: ShortText | UnknownOr
    author: ShortText | UnknownOr = UNKNOWN
    url: HttpUrl | UnknownOr
    published: ApproximateDate | UnknownOr
    file: SeedPath
    reliability: Grade | None = None
    language: LanguageTag | None = Field(
        default=None, description="The language the source's text is in; the brief's language when not given."
    )


class Status(StrEnum):
    """Whether a brief is ready for readers."""

    DRAFT = "draft"
    PUBLISHED = "published"


class FactSheet(Strict):
    """A curated fact sheet: everything a brief says, each item with its sources."""

    id: Slug
    language: LanguageTag | None = Field(
        default=None, description="The language the brief is written in; the project's `language` when not given."
    )
    title: ShortText
    as_of: Day = Field(description="The date the brief is current to (YYYY-MM-DD).")
    status: Status
    region: ShortText
    countries: Annotated[list[CountryCode], Field(min_length=1)]
    tags: list[Slug] = []
    handling: Annotated[str, Field(min_length=1, max_length=60), LineText] = Field(
        description="Label printed on every page."
    )
    authors: Annotated[list[ShortText], Field(min_length=1)]
    key_points: Annotated[list[Statement], Field(min_length=3, max_length=5)]
    background: Annotated[list[Statement], Field(min_length=1)]
    timeline: list[TimelineEvent] = []
    actors: list[Actor] = []
    casualties: list[CasualtyClaim] = []
    reactions: list[Reaction] = []
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _fill_languages(cls, raw: object, info: ValidationInfo) -> object:
        """Give the sheet the project's language when it names none, and each source the sheet's.

        The loader passes the project's language as the context's ``language``; after
        this, ``sheet.language`` and every ``source.language`` are always set.
        """
        if not isinstance(raw, dict):
            return raw
        context = info.context or {}
        language = raw.get("language") or context.get("language") or DEFAULT_LANGUAGE
        sources = raw.get("sources")
        if isinstance(sources, list) and isinstance(language, str) and re.match(_LANGUAGE_TAG, language):
            sources = [
                {**source, "language": source.get("language") or language} if isinstance(source, dict) else source
                for source in sources
            ]
        return {**raw, "language": language, **({"sources": sources} if sources is not None else {})}

    @field_validator("casualties")
    @classmethod
    def _few_key_figures(cls, casualties: list[CasualtyClaim]) -> list[CasualtyClaim]:
        chosen = sum(claim.key_figure for claim in casualties)
        if chosen > MAX_KEY_FIGURES:
            raise ValueError(f"{chosen} claims are key figures; at most {MAX_KEY_FIGURES} may be")
        return casualties

    def actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, if any."""
        return next((a for a in self.actors if a.id == actor_id), None)


def factsheet_json_schema() -> dict:
    """Return the JSON Schema of a fact sheet, as editors and outside tools read it."""
    schema = FactSheet.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "briefgen fact sheet"
    return schema
