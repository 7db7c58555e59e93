"""`briefgen new` on a French article: French dates, figures with their qualifiers, reported speech, actors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from briefgen.article import calendar, figure_words, name_words, roles, speech_words, words
from briefgen.article.candidates import find_candidates
from briefgen.article.languages import READ_LANGUAGES, detect_language
from briefgen.article.phrases import CLAUSE_WORDS
from briefgen.cli import app
from briefgen.config import Project
from briefgen.sheet.loader import check_paths
from tests.conftest import FIXTURES, ROOT
from tests.curate.test_draft import candidate_blocks, uncomment

runner = CliRunner()
ARTICLE = FIXTURES / "french" / "tinzaouatene-ambush.fr.txt"
DRAFT = "briefs/tinzaouatene.yaml"


@pytest.fixture
def french_project(example_project: Project, monkeypatch) -> Project:
    """The example project with the French dispatch in seeds/, as the working folder."""
    shutil.copy(ARTICLE, example_project.seeds_dir / ARTICLE.name)
    monkeypatch.chdir(example_project.root)
    return example_project


@pytest.fixture
def drafted(french_project: Project) -> str:
    """Draft the French dispatch through `briefgen new`, its language found from its words."""
    result = runner.invoke(app, ["new", f"seeds/{ARTICLE.name}", "--id", "tinzaouatene"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "read as language fr (found from its words)"
    return (french_project.root / DRAFT).read_text(encoding="utf-8")


def candidates(text: str, section: str) -> list[dict]:
    """Every candidate of a section, uncommented and read as YAML."""
    items = []
    for block in candidate_blocks(text, section):
        items += yaml.safe_load("\n".join(line.removeprefix("  # ") for line in block))
    return items


def test_the_benchmark_case_is_the_fixture():
    assert (ROOT / "benchmarks" / "drafting" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()


def test_a_french_draft_and_its_source_are_in_french(drafted):
    data = yaml.safe_load(drafted)
    assert data["language"] == "fr"
    assert data["sources"][0]["language"] == "fr"
    assert data["sources"][0]["author"] == "la rédaction Afrique", "the byline 'Par ...' names the author"
    assert data["sources"][0]["title"] == "Après l'embuscade de Tinzaouatène, Bamako rompt avec Kiev"


def test_french_dates_are_read_with_their_year(drafted):
    dates = [(str(c["date"]), c["cite"][0]["quote"]) for c in candidates(drafted, "timeline")]
    said = {quote: date for date, quote in dates}
    assert dates[0] == ("2024-08-05", "5 août 2024")
    assert "2024-07" in [d for d, _ in dates], "« à la fin de juillet » takes the article's year"
    assert [d for d, _ in dates if d.startswith("2024-0") and len(d) == 10] == [
        "2024-08-05",
        "2024-08-04",
        "2024-07-25",
        "2024-07-27",
        "2024-07-29",
        "2024-08-01",
    ]
    assert said["Le 1er août"] == "2024-08-01"
    assert "le dimanche 4 août au soir" in next(q for d, q in dates if d == "2024-08-04")
    assert [q for d, q in dates if d == "None" or d == ""] == [
        "étrangères a rejeté ces accusations lundi",
        "Les autorités nigériennes ont annoncé mardi qu'elles rompaient à",
        "s'est entretenu jeudi avec son homologue",
    ]
    assert '#   date: 2024-08-04  # the article says "dimanche 4 août"; the year is that of the article\'s' in drafted


def test_french_figures_keep_their_qualifiers_and_claimants(drafted):
    claims = [
        (c["figure"], c.get("qualifier"), c["category"], c["claimed_by"]) for c in candidates(drafted, "casualties")
    ]
    assert claims == [
        (84, "exact", "killed", "csp-dpa"),
        (47, "exact", "killed", "csp-dpa"),
        (30, "approximately", "killed", "armee-malienne"),  # « une trentaine »
        (50, "approximately", "killed", "unattributed"),  # « Environ 50 personnes », selon des sources locales
        (20, "more_than", "killed", "csp-dpa"),  # « plus de 20 morts », d'après lui
        (12, "at_least", "killed", "csp-dpa"),  # « dont au moins 12 enfants »
        ("des dizaines", None, "wounded", "csp-dpa"),
        (2000, "approximately", "displaced", "medecins-sans-frontieres"),  # « Près de 2 000 », a no-break space
    ]


def test_french_speakers_and_actors_are_found(drafted):
    actors = {c["id"]: (c["name"], c["kind"]) for c in candidates(drafted, "actors")}
    assert actors["csp-dpa"] == ("Cadre stratégique permanent pour la défense du peuple de l'Azawad", "armed_group")
    assert actors["cedeao"] == ("Communauté économique des États de l'Afrique de l'Ouest", "international_organisation")
    assert actors["armee-malienne"] == ("Armée malienne", "armed_forces")
    assert actors["ministere-ukrainien-des-affaires-etrangeres"][1] == "ministry"
    assert actors["senegal"] == ("Sénégal", "state")
    assert actors["nations-unies"] == ("Nations unies", "international_organisation")
    for person in ("abdoulaye-maiga", "andriy-yusov", "heorhiy-tykhyi", "abdoulaye-diop", "serguei-lavrov"):
        assert actors[person][1] == "person"
    assert not {"affaires", "etat", "etats", "azawad", "groupe", "bamako", "dakar"} & set(actors)
    reactions = {(c["actor"], c["action"]) for c in candidates(drafted, "reactions")}
    assert reactions >= {
        ("gouvernement-de-transition-du-mali", "severs_relations"),  # a rompu
        ("andriy-yusov", "statement"),  # a déclaré, though the intelligence service is named in his apposition
        ("ministere-ukrainien-des-affaires-etrangeres", "denies"),  # a rejeté
        ("heorhiy-tykhyi", "statement"),  # « ... », a affirmé son porte-parole, Heorhiy Tykhyi
        ("senegal", "summons_ambassador"),
        ("cedeao", "condemns"),
        ("autorites-nigeriennes", "severs_relations"),  # ont annoncé ... qu'elles rompaient
        ("csp-dpa", "condemns"),
        ("abdoulaye-diop", "holds_talks"),
    }


def test_every_french_candidate_quote_is_found_in_the_article(drafted, french_project):
    path = french_project.root / DRAFT
    path.write_text(re.sub(r"(?m)^  # ", "  ", drafted), encoding="utf-8")
    report = check_paths([path], french_project)
    quote_lines = {n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "quote:" in line}
    assert len(quote_lines) > 60
    assert not [p for p in report.problems if "quote" in p.message or p.line in quote_lines]


def test_a_curated_french_draft_passes_check(drafted, french_project):
    text = drafted
    for key, value in {"title": "Le Mali rompt avec l'Ukraine", "as_of": "2024-08-05", "region": "Sahel"}.items():
        text = re.sub(rf'(?m)^{key}: "".*$', f"{key}: {value}", text)
    text = text.replace('handling: ""', "handling: PUBLIC").replace("authors: []", "authors: [desk]")
    text = text.replace("countries: []", "countries: [ML, UA]")
    text = uncomment(text, "key_points", [0, 1, 2], {"text": "Un point."})
    text = uncomment(text, "background", [0], {"text": "Contexte."})
    text = uncomment(text, "timeline", [0], {"description": "Bamako annonce la rupture."})
    ids = [next(line for line in b if "- id:" in line) for b in candidate_blocks(text, "actors")]
    keep = [i for i, line in enumerate(ids) if line.endswith(("id: csp-dpa", "id: armee-malienne", "id: senegal"))]
    text = uncomment(text, "actors", keep, {"role": "Une partie."})
    fill = {"party": "armee-malienne", "event": "5-aout-2024-1"}
    text = uncomment(text, "casualties", [0, 5], fill)
    actions = [next(line for line in b if "action:" in line) for b in candidate_blocks(text, "reactions")]
    text = uncomment(text, "reactions", [actions.index("  #   action: summons_ambassador")], {"summary": "Convoque."})
    (french_project.root / DRAFT).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", DRAFT])
    assert result.exit_code == 0, result.output
    sheet = check_paths([french_project.root / DRAFT], french_project).sheets[0].sheet
    assert (sheet.language, sheet.sources[0].language) == ("fr", "fr")
    assert [(c.figure, c.qualifier) for c in sheet.casualties] == [(84, "exact"), (12, "at_least")]


def test_new_reads_a_french_article_in_a_real_process(french_project):
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "new", f"seeds/{ARTICLE.name}"],
        capture_output=True,
        text=True,
        cwd=french_project.root,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "wrote briefs/embuscade-tinzaouatene-bamako-rompt-kiev.yaml with candidates: 8 figures, 11 dates, 26 names,"
        " 17 statements",
        "read as language fr (found from its words)",
        "next: curate it, then run `briefgen check briefs/embuscade-tinzaouatene-bamako-rompt-kiev.yaml`",
    ]


def test_language_named_on_the_command_line_wins(french_project):
    (french_project.seeds_dir / "court.txt").write_text("Au moins 12 morts dimanche 28 juillet.\n", "utf-8")
    result = runner.invoke(app, ["new", "seeds/court.txt", "--language", "fr-ML"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "read as language fr-ML"
    data = yaml.safe_load((french_project.briefs_dir / "court.yaml").read_text(encoding="utf-8"))
    assert (data["language"], data["sources"][0]["language"]) == ("fr-ML", "fr-ML")
    [claim] = candidates((french_project.briefs_dir / "court.yaml").read_text(encoding="utf-8"), "casualties")
    assert (claim["figure"], claim["qualifier"], claim["category"]) == (12, "at_least", "killed")


def test_a_language_briefgen_cannot_read_is_refused_and_nothing_is_written(french_project):
    before = sorted(p.name for p in french_project.briefs_dir.iterdir())
    result = runner.invoke(app, ["new", f"seeds/{ARTICLE.name}", "--language", "ar"])
    assert result.exit_code == 1
    assert result.output == "Error: --language ar: briefgen new reads articles in en, fr; name one of them\n"
    assert sorted(p.name for p in french_project.briefs_dir.iterdir()) == before


def test_an_article_too_short_to_tell_is_read_in_the_projects_language(french_project):
    (french_project.seeds_dir / "bref.txt").write_text("Bamako, 4 août 2024.\n", "utf-8")
    result = runner.invoke(app, ["new", "seeds/bref.txt"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "read as language en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le gouvernement a annoncé dimanche la rupture des relations avec l'Ukraine.", "fr"),
        ("The government announced on Sunday that it had cut its ties with Ukraine.", "en"),
    ],
)
def test_an_articles_language_is_found_from_its_commonest_words(text, language):
    found = detect_language(text, fallback="xx")
    assert (found.language, found.clear) == (language, True)


@pytest.mark.parametrize(
    ("text", "figure", "qualifier"),
    [
        ("Au moins 5 300 personnes ont été tuées.", 5300, "at_least"),
        ("Plus de 5\u202f300 personnes sont mortes.", 5300, "more_than"),
        ("Environ 5\u00a0300 habitants ont fui.", 5300, "approximately"),
        ("Près de 2,5 millions de personnes ont été déplacées.", 2_500_000, "approximately"),
        ("Une trentaine de soldats ont été tués.", 30, "approximately"),
        ("Plus d'une centaine de civils ont été blessés.", 100, "more_than"),
        ("Jusqu'à 40 personnes ont été enlevées.", 40, "up_to"),
        ("Pas moins de 12 soldats sont morts.", 12, "at_least"),
        ("Moins de 10 soldats ont été blessés.", 10, "fewer_than"),
        ("Entre 40 et 50 personnes ont été tuées.", (40, 50), "exact"),
        ("Douze soldats ont été capturés.", 12, "exact"),
        ("Des dizaines de civils ont été blessés.", "des dizaines", ""),
    ],
)
def test_french_figures_are_read_with_their_qualifier(text, figure, qualifier):
    [found] = find_candidates(text, language="fr").tolls
    assert (found.figure, found.qualifier) == (figure, qualifier)


@pytest.mark.parametrize(
    ("text", "date", "said"),
    [
        ("L'attaque a eu lieu le 25 juillet 2024 au matin.", "2024-07-25", "25 juillet 2024"),
        (
            "Le 25 juillet 2024, puis le dimanche 28 juillet, les combats ont repris.",
            "2024-07-28",
            "dimanche 28 juillet",
        ),
        ("Le 3 août 2024 et le 1er août, Bamako a parlé.", "2024-08-01", "1er août"),
        ("Les rebelles ont attaqué dimanche.", "", "dimanche"),
        ("Les frappes ont repris en août 2024.", "2024-08", "en août 2024"),
        ("Le pays est dirigé par des militaires depuis 2020.", "2020", "depuis 2020"),
    ],
)
def test_french_dates_are_read(text, date, said):
    found = find_candidates(text, language="fr").dates
    assert (found[-1].date, found[-1].said.text) == (date, said)


def test_a_day_without_a_year_is_left_undated_when_the_article_gives_several_years():
    text = "Le 25 juillet 2023 et le 25 juillet 2024, puis le 28 juillet."
    assert [d.date for d in find_candidates(text, language="fr").dates] == ["2023-07-25", "2024-07-25", ""]


@pytest.mark.parametrize(
    "table",
    [
        calendar.DATE_WORDS,
        figure_words.FIGURE_WORDS,
        name_words.NAME_WORDS,
        roles.ROLE_WORDS,
        speech_words.SPEECH_WORDS,
        words.COUNT_WORDS,
        CLAUSE_WORDS,
    ],
)
def test_every_concern_has_words_for_every_language_read(table):
    """A language is read once each concern's table has its row; a table that lacks one would fail at run time."""
    assert set(table) == set(READ_LANGUAGES)
