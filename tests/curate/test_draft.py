"""`briefgen new`: a draft fact sheet from an article, with candidates a curator confirms."""

from __future__ import annotations

import re

import pytest
import yaml
from typer.testing import CliRunner

from briefgen.article.candidates import find_candidates
from briefgen.cli import app
from briefgen.config import Project
from briefgen.curate.draft import describe_article
from briefgen.curate.draft_yaml import yaml_text
from briefgen.sheet.loader import check_paths
from briefgen.sheet.models import FactSheet
from briefgen.sheet.provenance import normalise, quote_in_text

runner = CliRunner()
SEED = "seeds/mali-ukraine-rupture.txt"


@pytest.fixture
def drafted(example_project: Project, monkeypatch) -> str:
    """Draft the example article in a copy of the project (as briefs/draft.yaml) and return its text."""
    monkeypatch.chdir(example_project.root)
    result = runner.invoke(app, ["new", SEED, "--id", "draft"])
    assert result.exit_code == 0, result.output
    assert "wrote briefs/draft.yaml with candidates: 3 figures, 1 date" in result.output
    return (example_project.briefs_dir / "draft.yaml").read_text(encoding="utf-8")


def candidate_blocks(text: str, section: str) -> list[list[str]]:
    """Return the commented candidate items under one top-level key, as lists of lines."""
    body = text.split(f"\n{section}:\n", 1)[1]
    body = re.split(r"\n(?=[#a-z])", body, maxsplit=1)[0]
    blocks: list[list[str]] = []
    for line in body.splitlines():
        if line.startswith("  # - "):
            blocks.append([])
        if line.startswith("  # "):
            blocks[-1].append(line)
    return blocks


def uncomment(text: str, section: str, keep: list[int], fill: dict[str, str] | None = None) -> str:
    """Uncomment the chosen candidates of a section as a curator would, filling in empty values."""
    blocks = candidate_blocks(text, section)
    for index in keep:
        block = "\n".join(blocks[index])
        live = re.sub(r"(?m)^  # ", "  ", block)
        for key, value in (fill or {}).items():
            live = re.sub(rf'(?m)^(\s+(?:- )?{key}: )""(  #.*)?$', rf"\g<1>{value}", live)
        text = text.replace(block, live, 1)
    return text


def test_draft_lists_every_figure_with_its_phrase(drafted):
    casualties = "\n".join(line for block in candidate_blocks(drafted, "casualties") for line in block)
    assert re.findall(r"figure: (\d+)", casualties) == ["84", "47", "50"]
    assert 'quote: "saw the loss of 84 Russian mercenaries"' in casualties
    assert 'quote: "47 Malian soldiers"' in casualties
    assert "qualifier: approximately" in casualties
    assert 'quote: "resulting in approximately 50 deaths"' in casualties


def test_draft_lists_every_person_the_article_names(drafted):
    actors = ["\n".join(block) for block in candidate_blocks(drafted, "actors")]
    for person in ("andriy-yusov", "abdoulaye-diop", "sergei-lavrov"):
        block = next(b for b in actors if f"- id: {person}\n" in b)
        assert "kind: person" in block
    yusov = next(b for b in actors if "- id: andriy-yusov\n" in b)
    assert 'aliases: ["Yusov"]' in yusov
    assert sum("- id: andriy-yusov" in b or "- id: yusov" in b for b in actors) == 1


def test_draft_offers_dates_speech_and_countries(drafted):
    timeline = "\n".join(candidate_blocks(drafted, "timeline")[0])
    assert 'quote: "announced on Sunday evening"' in timeline
    reactions = ["\n".join(block) for block in candidate_blocks(drafted, "reactions")]
    condemns = next(b for b in reactions if "action: condemns" in b)
    assert "actor: ukraine-foreign-ministry" in condemns
    assert 'quote: "short-sighted and hasty"' in condemns
    assert any("actor: senegal" in b and "action: summons_ambassador" in b for b in reactions)
    assert "named in the article: BF (Burkina Faso), ML (Mali), NE (Niger), SN (Senegal), UA (Ukraine)" in drafted


def test_draft_is_yaml_with_every_section_and_the_source(drafted):
    data = yaml.safe_load(drafted)
    assert list(data) == list(FactSheet.model_fields)
    assert data["status"] == "draft"
    assert data["sources"] == [
        {
            "id": "article",
            "title": "unknown",
            "publisher": "unknown",
            "author": "unknown",
            "url": "unknown",
            "published": "unknown",
            "file": "mali-ukraine-rupture.txt",
            "reliability": "F",
            "language": "en",
        }
    ]


def test_fresh_draft_fails_check_with_its_to_do_list(drafted, example_project):
    report = check_paths([example_project.briefs_dir / "draft.yaml"], example_project)
    messages = [p.message for p in report.errors]
    assert not report.ok
    assert "title: string should have at least 1 character" in messages
    assert "key_points: must be a list (items starting with '- ')" in messages
    assert not any("quote" in m for m in messages)


def test_check_finds_every_uncommented_candidate_quote(drafted, example_project):
    """Uncomment every candidate as is: other placeholders fail, but no quote does."""
    path = example_project.briefs_dir / "draft.yaml"
    path.write_text(re.sub(r"(?m)^  # ", "  ", drafted), encoding="utf-8")
    report = check_paths([path], example_project)
    quote_lines = {n for n, line in enumerate(path.read_text().splitlines(), 1) if "quote:" in line}
    assert len(quote_lines) > 30
    assert not [p for p in report.problems if "quote" in p.message or p.line in quote_lines]


def test_a_curated_draft_passes_check(drafted, example_project, monkeypatch):
    """Confirm a handful of candidates, fill in what a person must write, and check passes."""
    text = drafted
    for key, value in {
        "title": "Mali cuts ties",
        "as_of": "2024-08-04",
        "region": "Sahel",
        "handling": "PUBLIC",
    }.items():
        text = re.sub(rf'(?m)^{key}: "".*$', f"{key}: {value}", text)
    text = text.replace("countries: []", "countries: [ML, UA]").replace("authors: []", "authors: [desk]")
    text = uncomment(text, "key_points", [0, 1, 2], {"text": "A point."})
    text = uncomment(text, "background", [0], {"text": "Context."})
    text = uncomment(text, "timeline", [0], {"date": "2024-08-04", "description": "Mali announces the break."})
    names = [next(line for line in b if "- id:" in line) for b in candidate_blocks(text, "actors")]
    keep = [i for i, line in enumerate(names) if line.endswith(("id: mali", "id: ukraine-foreign-ministry"))]
    text = uncomment(text, "actors", keep, {"role": "A party."})
    fill = {"party": "unspecified", "claimed_by": "unattributed", "event": "sunday-evening-1"}
    text = uncomment(text, "casualties", [0], fill)
    text = uncomment(text, "reactions", [2], {"summary": "Condemns the decision."})
    (example_project.briefs_dir / "draft.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", "briefs/draft.yaml"])
    assert result.exit_code == 0, result.output
    sheet = check_paths([example_project.briefs_dir / "draft.yaml"], example_project).sheets[0].sheet
    assert sheet.casualties[0].figure == 84
    assert sheet.reactions[0].quote == "short-sighted and hasty"


def test_second_new_exits_1_and_keeps_the_file(drafted, example_project):
    path = example_project.briefs_dir / "draft.yaml"
    path.write_text(drafted + "# my edits\n", encoding="utf-8")
    result = runner.invoke(app, ["new", SEED, "--id", "draft"])
    assert result.exit_code == 1
    assert result.output == "Error: briefs/draft.yaml already exists; edit it, delete it, or pick another --id\n"
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")


def test_new_derives_the_id_from_the_headline(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    (example_project.seeds_dir / "2025").mkdir()
    article = "# Floods in Lagos: at least 12 dead after the Ogun river bursts its banks\n\nAt least 12 died.\n"
    (example_project.seeds_dir / "2025" / "afp-3.md").write_text(article, "utf-8")
    result = runner.invoke(app, ["new", "2025/afp-3.md"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((example_project.briefs_dir / "floods-lagos-12-dead-ogun-river.yaml").read_text("utf-8"))
    assert data["id"] == "floods-lagos-12-dead-ogun-river"
    assert data["sources"][0]["title"] == "Floods in Lagos: at least 12 dead after the Ogun river bursts its banks"
    assert data["sources"][0]["file"] == "2025/afp-3.md"


def test_new_derives_the_id_from_the_file_name_when_the_article_has_no_headline(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    (example_project.seeds_dir / "2025").mkdir()
    (example_project.seeds_dir / "2025" / "Floods_Lagos.md").write_text("At least 12 died in Lagos.\n", "utf-8")
    result = runner.invoke(app, ["new", "2025/Floods_Lagos.md"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((example_project.briefs_dir / "floods-lagos.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "floods-lagos"


def test_a_file_name_a_source_cannot_cite_is_refused(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    (example_project.seeds_dir / "Floods in Lagos.md").write_text("# Floods\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "seeds/Floods in Lagos.md"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: seeds/Floods in Lagos.md: a source file name may use only letters, digits, '.', '_' and '-'; "
        "rename it, e.g. to floods-in-lagos.md\n"
    )


def test_non_utf8_article_is_a_clear_error(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    (example_project.seeds_dir / "latin1.txt").write_bytes("Le café est fermé.\n".encode("latin-1"))
    result = runner.invoke(app, ["new", "seeds/latin1.txt"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: seeds/latin1.txt:1:7: not UTF-8 text (byte 0xe9); save the article as UTF-8 and try again\n"
    )
    assert not (example_project.briefs_dir / "latin1.yaml").exists()


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("pyproject.toml", "pyproject.toml: the article must be inside seeds/ so the brief can cite it"),
        ("missing.txt", "no such article: missing.txt; put the article in seeds/ first"),
    ],
)
def test_new_refuses_articles_outside_seeds(example_project, monkeypatch, argument, message):
    monkeypatch.chdir(example_project.root)
    result = runner.invoke(app, ["new", argument])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_new_rejects_a_bad_id(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    result = runner.invoke(app, ["new", SEED, "--id", "Not An Id"])
    assert result.exit_code == 1
    assert "'Not An Id' is not a usable brief id" in result.output


def test_drafting_is_deterministic(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    for name in ("one", "two"):
        assert runner.invoke(app, ["new", SEED, "--id", name]).exit_code == 0
    one, two = ((example_project.briefs_dir / f"{n}.yaml").read_text(encoding="utf-8") for n in ("one", "two"))
    assert one.replace("id: one\n", "id: two\n", 1) == two


def test_figures_ranges_words_and_qualifiers():
    text = "Between 40 and 50 people were killed. At least 1,200 were displaced. Twelve soldiers were captured; 3-5 wounded."
    found = [(f.figure, f.qualifier, f.category) for f in find_candidates(text).figures]
    assert found == [
        ((40, 50), "exact", "killed"),
        (1200, "at_least", "displaced"),
        (12, "exact", "captured"),
        ((3, 5), "exact", "wounded"),
    ]


def test_figures_keep_their_scale():
    text = "The war has displaced some 12 million people and cost 1.5 billion dollars; 3 thousand fled."
    assert [(f.figure, f.qualifier) for f in find_candidates(text).figures] == [
        (12_000_000, "approximately"),
        (1_500_000_000, "exact"),
        (3_000, "exact"),
    ]


def test_markdown_bylines_and_titles_do_not_leak_into_quotes():
    text = "# RSF attack\n\nBy Amina Yusuf\nhttps://example.org/a\n\n**Khartoum, 12 May 2025** \u2014 UN Secretary-General António Guterres said so."
    found = find_candidates(text)
    names = {n.text: n for n in found.names}
    assert "Amina Yusuf" not in names, "the byline names the author (sources: author), not an actor"
    assert "Khartoum" not in names and found.places == ["Khartoum"], "a dateline names a place"
    assert [d.phrase.text for d in found.dates] == ["12 May 2025"]
    assert (names["António Guterres"].kind, names["António Guterres"].role_hint) == ("person", "UN Secretary-General")


def test_windows_line_ends_and_a_byte_order_mark_are_read(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    text = "\ufeffFloods in the capital\r\n\r\nAt least 12 people were killed on Monday.\r\n"
    (example_project.seeds_dir / "crlf.txt").write_bytes(text.encode("utf-8"))
    assert runner.invoke(app, ["new", "seeds/crlf.txt"]).exit_code == 0
    drafted = (example_project.briefs_dir / "crlf.yaml").read_text(encoding="utf-8")
    assert 'quote: "At least 12 people were killed"' in drafted
    path = example_project.briefs_dir / "crlf.yaml"
    path.write_text(re.sub(r"(?m)^  # ", "  ", drafted), encoding="utf-8")
    assert not [p for p in check_paths([path], example_project).problems if "quote" in p.message]


def test_dates_become_iso_text_and_years_are_not_figures():
    text = "On 4 August 2024, a convoy was hit. In 2023 there were 7 attacks. It was announced on Monday."
    found = find_candidates(text)
    assert [(d.date, d.said.text) for d in found.dates] == [
        ("2024-08-04", "4 August 2024"),
        ("2023", "In 2023"),
        ("", "on Monday"),
    ]
    assert [f.figure for f in found.figures] == [7]


def test_article_title_byline_and_url_are_picked_up():
    info = describe_article("# Floods hit Lagos\nBy Jane Doe\nhttps://example.org/floods\n\nText.")
    assert (info.title, info.author, info.url) == ("Floods hit Lagos", "Jane Doe", "https://example.org/floods")


@pytest.mark.parametrize("quote", ['He said "no": #1', "tab\there", "a: b - c", "line\u2028sep"])
def test_quotes_are_written_as_safe_one_line_yaml(quote):
    assert yaml.safe_load(f"quote: {yaml_text(quote)}")["quote"] == " ".join(quote.split())


def test_candidates_from_french_and_german_typography_keep_quotes_that_match():
    text = (
        "Le ministre a d\u00e9clar\u00e9 que l\u2019arm\u00e9e \u00e9tait \u00ab\u202fan\u00e9antie\u202f\u00bb\u202f:"
        " 1\u202f200 soldats sont morts.\n\n"
        "Der Sprecher der Bundes\u00adwehr sagte, es sei eine \u201eKatastrophe\u201c; 20\u200b Rebellen wurden"
        " get\u00f6tet, \u200eberichtete er."
    )
    found = find_candidates(text)
    assert [s.quoted for s in found.speech if s.quoted] == ["an\u00e9antie", "Katastrophe"]
    phrases = [s.text for s in found.sentences] + [f.phrase.text for f in found.figures]
    phrases += [s.quoted for s in found.speech if s.quoted]
    source = normalise(text)
    for phrase in phrases:
        written = yaml_text(phrase)
        assert "\u200b" not in written and "\\u200b" in written or "\u200b" not in phrase  # shown, not hidden
        assert quote_in_text(yaml.safe_load(f"quote: {written}")["quote"], source), written


FIGURE_FORMS = (
    "Rebels said more than 20 rebels were killed. Fewer than 10 soldiers were wounded. Dozens of civilians fled."
    " Aid groups counted 25 to 82 or more people missing. No fewer than 12 died, and 82 or more were hurt."
    " Over 300 were displaced, and up to 40 were detained."
)


def test_figures_keep_the_articles_qualifier_words_and_open_ends():
    found = find_candidates(FIGURE_FORMS)
    assert [(f.figure, f.qualifier, f.or_more) for f in found.figures] == [
        (20, "more_than", False),
        (10, "fewer_than", False),
        ("dozens", "", False),
        ((25, 82), "exact", True),
        (12, "at_least", False),
        (82, "at_least", False),
        (300, "more_than", False),
        (40, "up_to", False),
    ]


def test_every_figure_candidate_becomes_a_valid_claim_once_filled_in():
    from briefgen.curate.draft_yaml import ArticleInfo, render_draft
    from briefgen.sheet.figure_forms import check_figure_words
    from briefgen.sheet.models import CasualtyClaim

    text = render_draft("t", "t.txt", ArticleInfo(), find_candidates(FIGURE_FORMS))
    worded = []
    for block in candidate_blocks(text, "casualties"):
        [claim] = yaml.safe_load("\n".join(line.removeprefix("  # ") for line in block))
        claim.update(party="unspecified", claimed_by="unattributed", event="e", category=claim["category"] or "killed")
        assert check_figure_words({"casualties": [claim]}) == []
        assert quote_in_text(claim["cite"][0]["quote"], normalise(FIGURE_FORMS))
        worded.append(CasualtyClaim.model_validate(claim).worded)
    assert worded == [
        "more than 20",
        "fewer than 10",
        "dozens",
        "25\u201382 or more",
        "at least 12",
        "at least 82",
        "more than 300",
        "up to 40",
    ]


FLOOD = (
    "Storm Daniel struck on Sunday, 10 September 2023, and two dams above Derna gave way. The water tore down "
    "Wadi Derna. Rescue teams from Tripoli reached Benghazi within three days.\n\n"
    "The interior ministry of the administration that governs eastern Libya said that more than 5,300 people "
    "had died. Tarek al-Kharraz, a spokesman for the ministry, said at least 10,000 people were missing. At least "
    "30,000 people were displaced, according to the International Organization for Migration. Libya has had two "
    "rival governments since 2014, and the health minister of the eastern administration said bodies were found."
)


def test_places_storms_and_rivers_are_not_offered_as_actors():
    found = find_candidates(FLOOD)
    names = [n.text for n in found.names]
    for place in ("Storm Daniel", "Wadi Derna", "Derna", "Tripoli", "Benghazi"):
        assert place not in names
    assert found.places == ["Benghazi", "Derna", "Storm Daniel", "Tripoli", "Wadi Derna"]
    assert {n.text: n.kind for n in found.names}["Tarek al-Kharraz"] == "person"


def test_organisations_named_by_their_role_are_found():
    found = {n.text: n.kind for n in find_candidates(FLOOD).names}
    assert found["Interior ministry of the administration that governs eastern Libya"] == "ministry"
    assert found["Administration that governs eastern Libya"] == "government"
    assert "Eastern administration" not in found, "the same administration, named again"
    others = (
        "French security services estimated the toll. The government of Burkina Faso said nothing, and "
        "Burkina Faso's army stayed silent. The Algerian foreign ministry protested. A spokesman for the ministry "
        "spoke."
    )
    found = {n.text: n.kind for n in find_candidates(others).names}
    assert {name: kind for name, kind in found.items() if kind not in ("state",)} == {
        "French security services": "government",
        "Government of Burkina Faso": "government",
        "Burkina Faso's army": "armed_forces",
        "Algerian foreign ministry": "ministry",
    }


def test_counts_of_things_are_not_tolls_and_each_toll_names_who_gives_it():
    tolls = [(t.figure, t.category, t.claimed_by) for t in find_candidates(FLOOD).tolls]
    assert tolls == [
        (5300, "killed", "interior-ministry-of-the-administration-that-governs-eastern-libya"),
        (10000, "missing", "tarek-al-kharraz"),
        (30000, "displaced", "international-organization-for-migration"),
    ]


def test_a_weekday_beside_a_date_is_one_date():
    dates = [(d.date, d.said.text) for d in find_candidates(FLOOD).dates]
    assert dates == [("2023-09-10", "Sunday, 10 September 2023"), ("2014", "since 2014")]


def test_a_count_of_claimants_is_not_a_toll_and_a_byline_is_not_an_actor():
    text = "By Desk Correspondent\n\nFour claimants give four different tolls, from 25 to 84 Russian dead."
    found = find_candidates(text)
    assert [(t.figure, t.category) for t in found.tolls] == [((25, 84), "killed")]
    assert found.names == []


def test_a_toll_said_by_its_claimant_is_a_claim_not_also_a_reaction():
    text = "JNIM said its fighters had killed 50 soldiers. The African Union condemned the attack."
    found = find_candidates(text)
    assert [(t.figure, t.claimed_by) for t in found.tolls] == [(50, "jnim")]
    assert [(s.speaker, s.action) for s in found.speech] == [("african-union", "condemns")]


QUAKE_AND_ROW = (
    "The quake struck the High Atlas mountains, south of El Fasher and in the province of Al Haouz. The ministry "
    "said 2,862 people had died and 2,562 were injured. The UN said more than 400 people were killed, among them "
    "at least 11 aid workers. The Congolese foreign minister, Thérèse Kayikwamba Wagner, said Rwandan diplomats "
    "must leave the Democratic Republic of the Congo. President Paul Kagame of Rwanda said Congo was to blame."
)


def test_categories_come_from_the_words_nearest_each_figure():
    tolls = [(t.figure, t.category) for t in find_candidates(QUAKE_AND_ROW).tolls]
    assert tolls == [(2862, "killed"), (2562, "wounded"), (400, "killed"), (11, "killed")]


def test_names_of_people_countries_and_places_are_told_apart():
    found = find_candidates(QUAKE_AND_ROW)
    assert {(n.text, n.kind) for n in found.names} >= {
        ("Thérèse Kayikwamba Wagner", "person"),
        ("Paul Kagame", "person"),
        ("Rwanda", "state"),
        ("Democratic Republic of the Congo", "state"),
    }
    assert next(n for n in found.names if n.text == "Democratic Republic of the Congo").aliases == ["Congo"]
    assert found.places == ["Al Haouz", "El Fasher", "High Atlas"]
    assert found.adjectives == ["Congolese", "Rwandan"]


def test_a_toll_is_offered_with_the_basis_its_words_give(example_project, monkeypatch):
    monkeypatch.chdir(example_project.root)
    article = (
        "# Derna toll\n\nThe toll could reach 20,000, the mayor said. Rescuers have recovered 3,958 bodies. "
        "At least 10 people were wounded.\n"
    )
    (example_project.seeds_dir / "derna.txt").write_text(article, "utf-8")
    assert runner.invoke(app, ["new", "seeds/derna.txt"]).exit_code == 0
    text = (example_project.briefs_dir / "derna-toll.yaml").read_text(encoding="utf-8")
    assert "#   # basis: count, estimate or projection, when the article says which" in text
    claims = yaml.safe_load(re.sub(r"^  # ", "  ", text.split("casualties:\n", 1)[1].split("\n# ", 1)[0], flags=re.M))
    assert [claim.get("basis") for claim in claims] == ["projection", "count", None]
