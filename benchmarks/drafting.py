"""Measure how well `briefgen new` drafts: precision and recall of its candidates, section by section.

Usage: python benchmarks/drafting.py [--show] [--json] [--held-out]

Drafts every article in benchmarks/drafting/ (a battle, a disaster and a diplomatic row
in English, and an ambush and the rupture it led to in French, written for this corpus;
ARTICLE.fr.txt is French), or with --held-out the three in held-out/ (one of each kind,
written after the rules were tuned on the first three, so they show what the rules do on
text they have not seen; niger-floods.fr the same for the French rules), exactly as
`briefgen new` would, uncomments every candidate and compares them with
ARTICLE.expected.yaml, what a careful analyst keeps. A candidate is *kept* when it
matches a kept item not matched before, or an optional one; anything else is *noise* (a
place offered as an actor, a count of days offered as a toll, a second candidate for the
same item). Precision is kept / offered, recall found / expected. A reaction is matched
by its sentence. The last column, right, counts the kept candidates an analyst need not
correct: claims that name the claimant the analyst would, reactions with the analyst's
actor and action, actors of the analyst's kind. Each article is read in the language its
words show, as `new` does; the corpus is summed per language as well as whole. Not a
test: nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefgen.article.candidates import find_candidates
from briefgen.curate.draft import article_language, describe_article
from briefgen.curate.draft_yaml import render_draft

CORPUS = Path(__file__).resolve().parent / "drafting"
HELD_OUT = CORPUS / "held-out"  # written after the rules were frozen: what the rules do on text they were not tuned on
SECTIONS = ("actors", "casualties", "timeline", "reactions")


@dataclass
class Score:
    """What one section's candidates came to in one article, or summed over the corpus."""

    offered: int = 0
    kept: int = 0
    expected: int = 0
    found: int = 0
    right: int = 0  # kept actors of the right kind; kept claims and reactions with the right actor
    checked: int = 0  # how many of the kept ones could be right or wrong
    noise: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("offered", "kept", "expected", "found", "right", "checked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.noise += other.noise
        self.missed += other.missed

    def figures(self) -> dict:
        return {
            "offered": self.offered,
            "noise": self.offered - self.kept,
            "precision": round(self.kept / self.offered, 3) if self.offered else None,
            "expected": self.expected,
            "recall": round(self.found / self.expected, 3) if self.expected else None,
            "right": f"{self.right}/{self.checked}",
        }


def folded(text: str) -> str:
    """Compare names as an analyst reads them: case, a leading 'the', a possessive and quote styles aside."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").strip().lower()
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.split())


def drafted(article: Path) -> dict:
    """Draft an article as `briefgen new` does, in the language its words show, with every candidate uncommented."""
    text = article.read_text(encoding="utf-8")
    language = article_language(text, None, "en")
    info, found = describe_article(text, language.words), find_candidates(text, language=language.words)
    draft = render_draft(article.stem, article.name, info, found, language.tag)
    return yaml.safe_load(re.sub(r"(?m)^  # ", "  ", draft))


class Matcher:
    """Match one article's candidates with what the analyst keeps."""

    def __init__(self, draft: dict, expected: dict):
        self.draft = draft
        self.expected = expected
        self.actor_key: dict[str, str] = {}  # drafted actor id -> the analyst's key for it

    def actors(self) -> Score:
        wanted = self.expected["actors"]
        optional = {folded(name) for name in self.expected.get("optional_actors", [])}
        score, matched = Score(expected=len(wanted)), set()
        for candidate in self.draft["actors"] or []:
            name = folded(candidate["name"])
            item = next((w for w in wanted if name in {folded(n) for n in w["names"]}), None)
            score.offered += 1
            if item is not None and item["key"] not in matched:
                matched.add(item["key"])
                self.actor_key[candidate["id"]] = item["key"]
                score.kept += 1
                score.checked += 1
                score.right += candidate["kind"] == item["kind"]
            elif item is None and name in optional:
                score.kept += 1
            else:
                score.noise.append(candidate["name"] + (" (again)" if item else ""))
        score.found = len(matched)
        score.missed = [w["names"][0] for w in wanted if w["key"] not in matched]
        return score

    def casualties(self) -> Score:
        def figure(value):
            return [value["low"], value["high"]] if isinstance(value, dict) else value

        return self._section(
            "casualties",
            lambda c, w: figure(c["figure"]) == w["figure"] and c["category"] == w["category"],
            lambda c: f"{figure(c['figure'])} {c['category']}",
            lambda w: f"{w['figure']} {w['category']}",
            "claimed_by",
        )

    def timeline(self) -> Score:
        def said(candidate, wanted) -> bool:
            if "date" in wanted:
                return str(candidate["date"]) == wanted["date"]
            return wanted["words"].lower() in candidate["cite"][0]["quote"].lower()

        return self._section(
            "timeline",
            said,
            lambda c: f"{c['date'] or '(undated)'}: {c['cite'][0]['quote']}",
            lambda w: w.get("date") or w["words"],
        )

    def reactions(self) -> Score:
        return self._section(
            "reactions",
            lambda c, w: w["words"].lower() in c["cite"][0]["quote"].lower(),
            lambda c: f"{c['action']} by {c['actor'] or '?'}: {c['cite'][0]['quote'][:70]}",
            lambda w: f"{w['actions'][0]}: {w['words']}",
            "actor",
        )

    def _section(self, section: str, matches, show, show_wanted, attributed: str | None = None) -> Score:
        wanted, optional = self.expected[section], self.expected.get(f"optional_{section}", [])
        score, matched = Score(expected=len(wanted)), set()
        for candidate in self.draft[section] or []:
            score.offered += 1
            index = next((i for i, w in enumerate(wanted) if i not in matched and matches(candidate, w)), None)
            if index is not None:
                matched.add(index)
                score.kept += 1
                if attributed:
                    score.checked += 1
                    score.right += self._attributed(candidate[attributed]) in wanted[index][attributed] and (
                        candidate.get("action") in wanted[index].get("actions", [candidate.get("action")])
                    )
            elif any(matches(candidate, w) for w in optional):
                score.kept += 1
            else:
                score.noise.append(show(candidate))
        score.found = len(matched)
        score.missed = [show_wanted(w) for i, w in enumerate(wanted) if i not in matched]
        return score

    def _attributed(self, actor_id) -> str:
        """Say whom a candidate names, as the analyst's key: 'unattributed', or the drafted actor's key."""
        if actor_id in ("unattributed", "unspecified"):
            return actor_id
        return self.actor_key.get(actor_id, f"not an actor kept ({actor_id or 'none'})")


def measure(corpus: Path = CORPUS) -> dict[str, dict[str, Score]]:
    """Score every article of the corpus, section by section."""
    scores = {}
    for expected_file in sorted(corpus.glob("*.expected.yaml")):
        article = expected_file.with_name(expected_file.name.removesuffix(".expected.yaml") + ".txt")
        matcher = Matcher(drafted(article), yaml.safe_load(expected_file.read_text(encoding="utf-8")))
        scores[article.stem] = {section: getattr(matcher, section)() for section in SECTIONS}
    return scores


def language_of(name: str) -> str:
    """Say an article's language from its file name: 'fr' for tinzaouatene-ambush.fr, else English."""
    return name.rsplit(".", 1)[1] if "." in name else "en"


def totals(scores: dict[str, dict[str, Score]]) -> dict[str, Score]:
    summed = {section: Score() for section in (*SECTIONS, "all")}
    for by_section in scores.values():
        for section, score in by_section.items():
            summed[section].add(score)
            summed["all"].add(score)
    return summed


def corpus_rows(scores: dict[str, dict[str, Score]]) -> dict[str, dict[str, Score]]:
    """Sum the corpus per language ("corpus en", "corpus fr") when it has several, and whole."""
    languages = sorted({language_of(name) for name in scores})
    rows = {}
    if len(languages) > 1:
        for language in languages:
            rows[f"corpus {language}"] = totals({n: s for n, s in scores.items() if language_of(n) == language})
    return rows | {"corpus": totals(scores)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every noisy and every missed candidate")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--held-out", action="store_true", help="measure the articles the rules were not tuned on")
    options = parser.parse_args()
    scores = measure(HELD_OUT if options.held_out else CORPUS)
    summed = corpus_rows(scores)
    if options.json:
        report = {name: {s: score.figures() for s, score in by.items()} for name, by in (scores | summed).items()}
        print(json.dumps(report, indent=2))
        return
    rows = list(scores.items()) + list(summed.items())
    print(f"{'article':22} {'section':11} {'offered':>7} {'noise':>5} {'precision':>9} {'recall':>7}  right")
    for name, by in rows:
        for section, score in by.items():
            figures = score.figures()
            precision = f"{figures['precision']:.0%}" if figures["precision"] is not None else "-"
            recall = f"{figures['recall']:.0%}" if figures["recall"] is not None else "-"
            print(
                f"{name:22} {section:11} {figures['offered']:7} {figures['noise']:5} {precision:>9} {recall:>7}"
                f"  {figures['right']}"
            )
            if options.show and not name.startswith("corpus"):
                for line in score.noise:
                    print(f"{'':35}noise:  {line}")
                for line in score.missed:
                    print(f"{'':35}missed: {line}")


if __name__ == "__main__":
    main()
