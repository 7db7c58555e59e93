"""`briefgen mail` as a newsroom runs it: the real PDF build, a real SMTP server, a real killed process."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import Project
from briefgen.mail.run import built_pdfs
from briefgen.site.layout import brief_pdf_path
from tests.mail.support import (
    BRIEF_ID,
    LISTS,
    RecordingHandler,
    edit_title,
    make_project,
    smtp_server,
    write_old_ledger,
)

runner = CliRunner()
EVERYONE = sorted({a.lower() for members in LISTS.values() for a in members})


@pytest.fixture(scope="module")
def built_template(tmp_path_factory) -> Path:
    """Build the example brief's PDF once; each test mails from a copy, as a newsroom checkout would."""
    root = make_project(tmp_path_factory.mktemp("built") / "newsroom", 25)
    built_pdfs(Project.discover(root), [BRIEF_ID])
    return root


@pytest.fixture
def handler():
    return RecordingHandler()


@pytest.fixture
def port(handler):
    with smtp_server(handler) as port:
        yield port


@pytest.fixture
def root(tmp_path, built_template, port, monkeypatch) -> Path:
    copy = tmp_path / "newsroom"
    shutil.copytree(built_template, copy, symlinks=True)
    monkeypatch.chdir(copy)
    monkeypatch.setenv("BRIEFGEN_SMTP_PORT", str(port))
    for name in ("BRIEFGEN_SMTP_HOST", "BRIEFGEN_SMTP_USER", "BRIEFGEN_SMTP_PASSWORD", "BRIEFGEN_SMTP_SECURITY"):
        monkeypatch.delenv(name, raising=False)
    return copy


def mail(*arguments: str, env: dict | None = None):
    return runner.invoke(app, ["mail", *arguments], env=env)


def built_pdf(root: Path) -> bytes:
    return (root / "site" / brief_pdf_path(BRIEF_ID)).read_bytes()


def test_mail_attaches_the_built_pdf(root, handler):
    result = mail(BRIEF_ID, "--to", "desk", "--resend")
    assert result.exit_code == 0, result.output
    assert "mail: 3 sent, 0 skipped as already sent, 0 failed" in result.output
    pdf = built_pdf(root)
    assert pdf.startswith(b"%PDF-")
    for delivery in handler.deliveries:
        message = delivery.message
        assert "Key points" in message.get_body(("plain",)).get_content()
        assert "<h1" in message.get_body(("html",)).get_content()
        assert next(message.iter_attachments()).get_content() == pdf


def test_mail_builds_a_missing_pdf_first(root, handler):
    shutil.rmtree(root / "site")
    result = mail(BRIEF_ID, "--to", "ana@example.org", "--resend")
    assert result.exit_code == 0, result.output
    [delivery] = handler.deliveries
    assert next(delivery.message.iter_attachments()).get_content() == built_pdf(root)


def test_second_run_then_an_edit_sends_one_update_each(root, handler):
    assert mail(BRIEF_ID, "--to", "desk", "--resend").exit_code == 0
    again = mail(BRIEF_ID, "--to", "desk")
    assert "mail: 0 sent, 3 skipped as already sent, 0 failed" in again.output
    first_pdf = built_pdf(root)
    edit_title(root, "Mali cuts ties with Ukraine after the Tinzaouatène ambush")
    result = mail("--changed", "--to", "desk")
    assert result.exit_code == 0, result.output
    assert "mail: 3 sent, 0 skipped as already sent, 0 failed" in result.output
    assert built_pdf(root) != first_pdf
    updates = handler.deliveries[3:]
    assert sorted(d.rcpt_tos[0].lower() for d in updates) == sorted(a.lower() for a in LISTS["desk"])
    assert all(d.message["Subject"].startswith("Updated: [PUBLIC] Mali cuts ties") for d in updates)
    assert all(next(d.message.iter_attachments()).get_content() == built_pdf(root) for d in updates)


def test_a_pdf_rebuilt_from_scratch_has_the_same_bytes(root, handler):
    before = hashlib.sha256(built_pdf(root)).hexdigest()
    shutil.rmtree(root / "site")
    built_pdfs(Project.discover(root), [BRIEF_ID])
    assert hashlib.sha256(built_pdf(root)).hexdigest() == before


def test_a_print_restyle_rebuilds_the_pdf_but_mails_nothing(root, handler):
    assert mail(BRIEF_ID, "--to", "desk", "--resend").exit_code == 0
    first_pdf = built_pdf(root)
    stylesheet = root / "templates" / "print" / "brief.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.02em; }\n")
    result = mail("--changed", "--to", "desk")
    assert result.exit_code == 0, result.output
    assert "mail: 0 sent, 3 skipped as already sent, 0 failed" in result.output
    assert built_pdf(root) != first_pdf and len(handler.deliveries) == 3


def test_an_old_ledger_is_counted_once_and_said_so(root, handler):
    write_old_ledger(root, LISTS["desk"])
    result = mail(BRIEF_ID, "--to", "desk")
    assert result.exit_code == 0, result.output
    assert "mail: 3 counted as sent from the old ledger format, 0 sent, 0 skipped as already sent, 0 failed" in (
        result.output
    )
    assert "mail: 0 sent, 3 skipped as already sent, 0 failed" in mail(BRIEF_ID, "--to", "desk").output
    assert handler.deliveries == []


@pytest.mark.parametrize("handler", [RecordingHandler(refuse={"bo@example.org"})])
def test_refused_recipient_fails_alone_with_non_zero_exit(root, handler, port):
    result = mail(BRIEF_ID, "--to", "desk", "--resend")
    assert result.exit_code == 1
    assert (
        f"failed: {BRIEF_ID} to Bo@Example.org: 127.0.0.1:{port} replied 550 5.1.1 <Bo@Example.org>: mailbox unavailable"
        in result.output
    )
    assert "mail: 2 sent, 0 skipped as already sent, 1 failed" in result.output
    assert sorted(d.rcpt_tos[0] for d in handler.deliveries) == ["ana@example.org", "chen@example.net"]


def test_password_never_shows(root, handler):
    env = {"BRIEFGEN_SMTP_USER": "desk", "BRIEFGEN_SMTP_PASSWORD": "s3cret-Pa55word"}
    result = mail(BRIEF_ID, "--to", "desk", "--resend", env=env)
    assert result.exit_code == 1
    assert "s3cret-Pa55word" not in result.output
    assert "failed: mali-ukraine-rupture to ana@example.org:" in result.output


def test_lost_ledger_is_an_error_and_sends_nothing(root, handler):
    result = mail(BRIEF_ID, "--to", "desk")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "nothing is re-sent without --resend" in result.output
    assert handler.deliveries == []


def test_dry_run_writes_the_outbox(root, handler):
    result = mail(BRIEF_ID, "--to", "desk", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "mail: 3 written to the outbox, 0 sent, 0 skipped as already sent, 0 failed" in result.output
    assert len(list((root / "outbox").glob("*.eml"))) == 3 and handler.deliveries == []


def test_bad_configuration_is_one_error_line(root, handler):
    result = mail(BRIEF_ID, "--to", "desks", "--resend")
    assert result.exit_code == 1
    assert result.output == f"Error: {root / 'pyproject.toml'}: --to desks: no list named 'desks' and not an address\n"


def test_mail_has_help():
    result = runner.invoke(app, ["mail", "--help"])
    assert result.exit_code == 0 and "--dry-run" in result.output and "--changed" in result.output


def start_mail_process(root: Path, port: int, *arguments: str) -> subprocess.Popen:
    env = {**os.environ, "BRIEFGEN_SMTP_PORT": str(port)}
    command = [sys.executable, "-m", "briefgen", "mail", BRIEF_ID, "--to", "desk", "--to", "board", *arguments]
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def run_killed_then_again(root: Path, handler: RecordingHandler) -> None:
    """Run mail in a real process that the server SIGKILLs mid-run, then run it again to the end."""
    with smtp_server(handler) as port:
        process = start_mail_process(root, port, "--resend")
        handler.victim = process.pid
        process.communicate(timeout=300)
    assert process.returncode == -9
    handler.kill_at = 0
    with smtp_server(handler) as port:
        again = start_mail_process(root, port)
        output = again.communicate(timeout=300)[0].decode()
    assert again.returncode == 0, output


@pytest.mark.parametrize("kill_at", [1, 3])
def test_killed_run_then_rerun_delivers_each_recipient_exactly_once(root, kill_at):
    handler = RecordingHandler(kill_at=kill_at)
    run_killed_then_again(root, handler)
    assert sorted(d.rcpt_tos[0].lower() for d in handler.deliveries) == EVERYONE


def test_kill_between_acceptance_and_commit_resends_with_the_same_message_id(root):
    handler = RecordingHandler(kill_at=2, kill_after_accepting=True)
    run_killed_then_again(root, handler)
    assert sorted({d.rcpt_tos[0].lower() for d in handler.deliveries}) == EVERYONE
    assert len(handler.deliveries) == len(EVERYONE) + 1
    for address in EVERYONE:
        assert len({d.message["Message-ID"] for d in handler.to(address)}) == 1


def test_tracebacks_never_show_local_variables():
    """A crash must not print locals: one of them could be the SMTP password."""
    assert app.pretty_exceptions_show_locals is False


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--changed"], "--edition mails an edition of one brief: name exactly one brief id, without --changed"),
        ([BRIEF_ID, "--edition", "5 August"], "'5 August' is not a day; give an as-of date as YYYY-MM-DD"),
    ],
)
def test_mail_edition_is_one_day_of_one_brief(root, arguments, error):
    if "--edition" not in arguments:
        arguments = [*arguments, "--edition", "2024-08-05"]
    result = runner.invoke(app, ["mail", *arguments, "--to", "desk", "--dry-run"])
    assert (result.exit_code, result.stderr) == (1, f"Error: {error}\n")
