"""Synthetic fact sheets for the archive benchmark (archive.py): valid, varied, reproducible.

Each brief is drawn from a random generator seeded by its number, so the same
count always gives the same archive. Countries and tags follow a long tail (a
few common, many rare), as a real desk's archive does, so listing pages range
from one brief to hundreds; the number of actors, events, claims, reactions
and paragraphs varies from brief to brief, and so do the dates. Some actors
are named in Cyrillic or Arabic script. Every quote is written into one of two
seed texts per brief, so each sheet passes `briefgen check` without warnings.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# Common first: drawn with weights 1/rank, so a few countries carry most briefs.
COUNTRIES = [
    "ML", "UA", "SD", "BF", "NE", "RU", "SY", "YE", "SO", "ET", "LY", "TD", "NG", "IQ", "CD", "AF",
    "MM", "HT", "MZ", "CM", "CF", "SS", "DZ", "SN", "PS", "IL", "LB", "IR", "AM", "AZ", "GE", "MD",
    "KE", "UG", "ER", "DJ", "MR", "GN", "CI", "BJ", "TG", "GH", "PK", "IN", "CO", "VE", "MX", "EG",
]  # fmt: skip
TAGS = [
    "armed-conflict", "diplomacy", "sahel", "humanitarian", "sanctions", "elections", "displacement",
    "mercenaries", "terrorism", "ceasefire", "protests", "coup", "drones", "border", "energy",
    "food-security", "refugees", "peacekeeping", "hostages", "cyber", "shipping", "mining", "floods",
    "drought", "epidemic", "media-freedom", "arms-trade", "human-rights", "negotiations", "aid-access",
]  # fmt: skip
REGIONS = ["West Africa (Sahel)", "East Africa", "Horn of Africa", "North Africa", "Middle East", "Eastern Europe"]
PLACES = ["Kidal", "Gao", "Ménaka", "Tessalit", "Djibo", "Agadez", "El Fasher", "Sabha", "Tinzaouatène", "Ansongo"]
ACTORS = [
    ("state", "Government of {country}"),
    ("armed_forces", "{country} armed forces"),
    ("armed_group", "Coalition of the {place} Movements"),
    ("international_organisation", "United Nations mission"),
    ("armed_group", "{place} Self-Defence Group"),
    ("private_military_company", "Foreign contractors near {place}"),
    ("terrorist_organisation", "Islamic front of {place}"),
    ("ministry", "Ministry of Foreign Affairs of {country}"),
    ("person", "Алексей Смирнов"),
    ("person", "عمر الحسن"),
    ("media", "Radio {place}"),
    ("civilians", "Residents of {place}"),
]
ARMED = {"armed_forces", "armed_group", "private_military_company", "terrorist_organisation", "civilians"}
CATEGORIES = ["killed", "wounded", "captured", "missing", "displaced"]
QUALIFIERS = {"exact": "", "approximately": "about ", "at_least": "at least ", "up_to": "up to "}
ACTIONS = ["condemns", "denies", "accuses", "warns", "calls_for", "statement", "reaffirms_support"]
SAYINGS = [
    "we will not accept violations of our sovereignty",
    "the attack was a grave breach of the ceasefire",
    "those responsible will be held to account",
    "civilians must be protected at all times",
    "we reject these accusations entirely",
]
HEADLINES = [
    "Fighting near {place} draws regional reactions",
    "{place}: conflicting tolls after days of clashes",
    "Talks stall as violence spreads around {place}",
    "Aid convoys blocked on the road to {place}",
    "Ceasefire near {place} breaks down within a week",
]
FIRST_DAY = dt.date(2019, 1, 1)
ARCHIVE_DAYS = 6 * 365
# The brief benchmarks edit: early in sort order, and long enough to be typical of what is printed.
EDITED = "bench-brief-0000"
EDITED_PHRASE = "Heavy fighting was reported"


def _long_tail(rng: random.Random, choices: list[str], count: int) -> list[str]:
    """Draw distinct items, the first of the list far more often than the last."""
    weights = [1 / rank for rank in range(1, len(choices) + 1)]
    picked: list[str] = []
    while len(picked) < count:
        item = rng.choices(choices, weights)[0]
        if item not in picked:
            picked.append(item)
    return picked


class SyntheticBrief:
    """One synthetic fact sheet and the two seed texts that back every quote in it."""

    def __init__(self, number: int):
        self.rng = random.Random(number)
        self.id = f"bench-brief-{number:04d}"
        self.place = self.rng.choice(PLACES)
        self.countries = _long_tail(self.rng, COUNTRIES, self.rng.randint(1, 6))
        self.as_of = FIRST_DAY + dt.timedelta(days=self.rng.randrange(ARCHIVE_DAYS))
        self.long = self.rng.random() < 0.5 or self.id == EDITED  # half of them 5 to 8 printed pages
        self.seeds: dict[str, list[str]] = {"report": [], "statements": []}

    def day(self, before: int) -> str:
        """Return a day some days before the brief's as-of date."""
        return (self.as_of - dt.timedelta(days=before)).isoformat()

    def cite(self, source: str, sentence: str, quote: str | None = None) -> list[dict]:
        """Put a sentence in a seed text and cite it (or a part of it)."""
        self.seeds[source].append(sentence)
        return [{"source": source, "quote": quote or sentence.rstrip(".")}]

    def actors(self) -> list[dict]:
        count = len(ACTORS) if self.long else self.rng.randint(4, len(ACTORS))
        actors = []
        for index, (kind, pattern) in enumerate(ACTORS[:count]):
            country = self.countries[index % len(self.countries)]
            name = pattern.format(country=country, place=self.place)
            actor = {"id": f"actor-{index}", "name": name, "kind": kind, "role": f"{name} is a party in {self.place}."}
            if kind not in {"person", "media", "civilians", "international_organisation"}:
                actor["country"] = country
            # Each actor names the next, the last names the first: none plays no part.
            actor["opposed_to" if index % 2 else "allied_with"] = [f"actor-{(index + 1) % count}"]
            actor["cite"] = self.cite(
                "report", f"{name} was reported to be involved around {self.place} in {index + 2} incidents."
            )
            actors.append(actor)
        return actors

    def timeline(self) -> list[dict]:
        days = range(6 if self.long else self.rng.randint(2, 9), 0, -1)
        return [
            {
                "id": f"event-{day}",
                "date": self.day(day + 8),
                "location": {"place": f"near {self.place}", "country": self.countries[0]},
                "description": f"Clashes are reported near {self.place}, {day} days into the offensive.",
                "cite": self.cite("report", f"Fighting broke out near {self.place} on day {day}, witnesses said."),
            }
            for day in days
        ]

    def casualties(self, actors: list[dict], events: list[dict]) -> list[dict]:
        armed = [a for a in actors if a["kind"] in ARMED]
        claims = []
        for index in range(self.rng.randint(22, 32) if self.long else self.rng.randint(3, 20)):
            party, claimant = self.rng.choice(armed), self.rng.choice(actors)
            category, qualifier = self.rng.choice(CATEGORIES), self.rng.choice(list(QUALIFIERS))
            figure, event = self.rng.randint(2, 400), self.rng.choice(events)
            sentence = (
                f"{claimant['name']} said that {QUALIFIERS[qualifier]}{figure} members of {party['name']} "
                f"were {category} in the clashes of day {event['id'][6:]} (report {index})."
            )
            claims.append(
                {
                    "party": party["id"],
                    "category": category,
                    "figure": figure,
                    "qualifier": qualifier,
                    "claimed_by": claimant["id"] if index % 5 else "unattributed",
                    "event": event["id"],
                    "credibility": self.rng.randint(2, 6),
                    "cite": self.cite("report", sentence),
                }
            )
        return claims

    def reactions(self, actors: list[dict]) -> list[dict]:
        reactions = []
        count = 6 if self.long else self.rng.randint(1, 5)
        for index, actor in enumerate(self.rng.sample(actors, min(count, len(actors)))):
            saying = self.rng.choice(SAYINGS)
            sentence = f"In a statement, {actor['name']} said: “{saying}”, according to its spokesperson ({index})."
            reactions.append(
                {
                    "actor": actor["id"],
                    "date": self.day(7 - index),
                    "action": self.rng.choice(ACTIONS),
                    "summary": f"{actor['name']} responds to the fighting near {self.place}.",
                    "quote": saying,
                    "cite": self.cite("statements", sentence),
                }
            )
        return reactions

    def statements(self, topics: list[str]) -> list[dict]:
        return [
            {
                "text": f"**{topic}** near {self.place}, the report says.",
                "cite": self.cite("report", f"{topic} near {self.place}."),
            }
            for topic in topics
        ]

    def key_points(self) -> list[dict]:
        points = [EDITED_PHRASE, "Casualty claims conflict sharply", "Neighbours called for restraint"]
        points += ["Aid agencies lost access to the area", "Talks are due to resume next month"]
        return self.statements(points[: 5 if self.long else self.rng.randint(3, 5)])

    def background(self) -> list[dict]:
        months = range(6, 9 if self.long else 6 + self.rng.randint(1, 5))
        return self.statements([f"The conflict has lasted {n} months, local officials said" for n in months])

    def sheet(self) -> dict:
        actors = self.actors()
        events = self.timeline()
        tags = _long_tail(self.rng, TAGS, self.rng.randint(1, 4))
        return {
            "id": self.id,
            "title": f"{self.rng.choice(HEADLINES).format(place=self.place)} ({self.id[-4:]})",
            "as_of": self.as_of.isoformat(),
            "status": "draft" if self.rng.random() < 0.03 and self.id != EDITED else "published",
            "region": self.rng.choice(REGIONS),
            "countries": self.countries,
            "tags": sorted(tags),
            "handling": "PUBLIC",
            "authors": [self.rng.choice(["benchmark desk", "Sahel desk", "A. Analyst", "B. Researcher"])],
            "key_points": self.key_points(),
            "background": self.background(),
            "timeline": events,
            "actors": actors,
            "casualties": self.casualties(actors, events),
            "reactions": self.reactions(actors),
            "sources": [self.source("report"), self.source("statements")],
        }

    def source(self, name: str) -> dict:
        return {
            "id": name,
            "title": f"{name.title()} on the fighting near {self.place}",
            "publisher": "Benchmark Wire",
            "url": f"https://example.org/{self.id}/{name}",
            "published": self.day(1),
            "file": f"{self.id}-{name}.txt",
            "reliability": "B",
        }

    def write(self, project: Path) -> None:
        sheet = self.sheet()
        text = yaml.safe_dump(sheet, allow_unicode=True, sort_keys=False, width=100)
        (project / "briefs" / f"{self.id}.yaml").write_text(text, encoding="utf-8")
        for name, sentences in self.seeds.items():
            (project / "seeds" / f"{self.id}-{name}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")


def make_project(folder: Path, count: int) -> Path:
    """Write a project with N synthetic briefs and no templates/: the built-in theme renders them."""
    (folder / "briefs").mkdir(parents=True)
    (folder / "seeds").mkdir()
    (folder / "pyproject.toml").write_text('[tool.briefgen]\nsite_title = "Benchmark"\n', encoding="utf-8")
    for number in range(count):
        SyntheticBrief(number).write(folder)
    return folder


def edit_sheet(project: Path, round_number: int) -> None:
    """Reword one key point of the edited brief, differently each round, keeping it valid."""
    path = project / "briefs" / f"{EDITED}.yaml"
    text = path.read_text(encoding="utf-8")
    marker = f"{EDITED_PHRASE} (edit "
    # Letters, not digits: a number in a key point that nothing backs is a curation warning.
    label = "".join(chr(ord("a") + int(digit)) for digit in str(round_number))
    start = text.find(marker)
    if start == -1:
        text = text.replace(f"**{EDITED_PHRASE}**", f"**{marker}{label})**", 1)
    else:
        end = text.index(")", start)
        text = text[:start] + f"{marker}{label}" + text[end:]
    path.write_text(text, encoding="utf-8")
