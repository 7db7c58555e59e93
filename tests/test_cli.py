"""The command line as a user meets it: exact output lines and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from tests.conftest import EXAMPLE, ROOT

runner = CliRunner()


def test_check_accepts_the_example_brief_and_its_french_version(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["check", "--strict", "briefs/"])
    assert result.exit_code == 0, result.output
    assert "checked 2 fact sheets: 0 errors, 0 warnings" in result.output


def test_check_defaults_to_briefs_folder(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output


def test_broken_copy_of_the_example_gives_four_located_lines(example_project, monkeypatch):
    """The issue's acceptance case: a changed quote, a dangling actor, an impossible date, no title."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("title: Mali severs diplomatic relations with Ukraine after the Tinzaouatène ambush\n", "", 1)
    text = text.replace("quote: and 47 Malian soldiers", "quote: and 48 Malian soldiers were captured", 1)
    text = text.replace("  - actor: senegal\n", "  - actor: senegal-government\n", 1)
    text = text.replace("date: 2024-08-04\n    actors:", "date: 2024-08-32\n    actors:", 1)
    broken = example_project.briefs_dir / "broken.yaml"
    broken.write_text(text.replace("id: mali-ukraine-rupture", "id: broken-copy", 1), encoding="utf-8")
    monkeypatch.chdir(example_project.root)
    result = runner.invoke(app, ["check", "briefs/broken.yaml"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "checked 1 fact sheet: 4 errors, 0 warnings"
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        "missing required key 'title'",
        "timeline[2].date: '2024-08-32' is not a real date: August 2024 has no day 32",
        "quote not found in source 'article': \"and 48 Malian soldiers were captured\"",
        "unknown actor id 'senegal-government'",
    ]
    assert all(line.startswith("briefs/broken.yaml:") for line in lines[:-1])
    assert "Traceback" not in result.output


def test_missing_path_is_an_error_line_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "nope.yaml"])
    assert result.exit_code == 1
    assert result.output.startswith("nope.yaml:1:1: cannot read the file: No such file or directory")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_schema_prints_json_schema_equal_to_committed_copy():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    committed = json.loads((ROOT / "briefs" / "factsheet.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, "run `make schema` to refresh briefs/factsheet.schema.json"
    assert {"id", "title", "key_points", "casualties", "reactions", "sources"} <= set(printed["properties"])


def test_example_brief_points_editors_at_the_schema():
    first_line = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=factsheet.schema.json"
    assert (EXAMPLE.parent / "factsheet.schema.json").is_file()


def test_help_lists_every_command_with_a_description():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert name in result.output
        assert (command.callback.__doc__ or "").strip(), f"{name} has no help text"


def every_command(command=None, words: tuple[str, ...] = ()):
    """Yield every command, group and subcommand of the CLI with the words that call it."""
    command = command or typer.main.get_command(app)
    yield words, command
    for name, subcommand in getattr(command, "commands", {}).items():
        yield from every_command(subcommand, (*words, name))


def test_every_command_and_subcommand_and_each_of_their_options_has_help_text():
    commands = dict(every_command())
    assert {("shard",), ("shard", "plan"), ("shard", "build"), ("shard", "merge"), ("theme", "export")} <= set(commands)
    for words, command in commands.items():
        called = " ".join(["briefgen", *words])
        assert (command.help or "").strip(), f"{called} has no help text"
        for param in command.params:
            if not getattr(param, "hidden", False):
                assert (getattr(param, "help", "") or "").strip(), f"{called} {param.name} has no help text"
        shown = runner.invoke(app, [*words, "--help"])
        assert shown.exit_code == 0, shown.output
        assert command.help.split()[0] in shown.output
        for name, subcommand in getattr(command, "commands", {}).items():
            assert name in shown.output and subcommand.help.split()[0] in shown.output, f"{called} --help: {name}"


def test_build_help_shows_the_build_options_and_none_of_the_deprecated_sharding_flags():
    shown = runner.invoke(app, ["build", "--help"]).output
    assert [line.strip() for line in shown.splitlines() if "Usage:" in line] == ["Usage: root build [OPTIONS]"]
    for option in ("--out", "--only", "--drafts", "--no-pdf", "--jobs", "--force"):
        assert option in shown
    for hidden in ("--shard", "--previous", "--merge", "--plan-shards", "--fan-out-above", "PART"):
        assert hidden not in shown


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"briefgen {briefgen.__version__}"


def test_console_script_runs_as_a_process(tmp_path):
    """The installed entry point prints error lines and exits 1 without a traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "check", str(bad)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1
    assert done.stderr.startswith("bad.yaml:2:1: YAML syntax:")
    assert "Traceback" not in done.stderr


# Every command that works on the project here, with the arguments it needs to get as far as finding it.
PROJECT_COMMANDS = [
    ["new", "seeds/article.txt"],
    ["serve", "--port", "0"],
    ["mail", "--dry-run"],
    ["theme", "list"],
    ["theme", "export"],
    ["build", "--no-pdf"],
    ["history", "some-brief"],
    ["diff", "some-brief"],
    ["shard", "plan"],
    ["shard", "build", "1/2", "--out", "part"],
    ["shard", "merge", "part"],
]


@pytest.mark.parametrize("command", PROJECT_COMMANDS, ids=" ".join)
def test_every_command_finds_the_project_here_and_reports_its_broken_settings_in_one_line(
    command, tmp_path, monkeypatch
):
    (tmp_path / "pyproject.toml").write_text("[tool.briefgen\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {tmp_path / 'pyproject.toml'}: cannot read settings: ")
    assert len(result.stderr.splitlines()) == 1
    assert isinstance(result.exception, SystemExit)
