"""Mailing briefs through a real SMTP server on 127.0.0.1: exactly once, privately, through faults."""

from __future__ import annotations

import hashlib
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from briefgen.config import Project
from briefgen.errors import BriefgenError, ConfigError, ValidationFailed
from briefgen.mail.compose import content_digest
from briefgen.mail.ledger import LedgerMissing, SendLedger, ledger_path
from briefgen.mail.run import MailOptions, mail_briefs
from briefgen.sheet.loader import read_sheet
from tests.mail.support import (
    BRIEF_ID,
    LISTS,
    RecordingHandler,
    edit_title,
    make_project,
    smtp_server,
    write_old_ledger,
)

DESK = LISTS["desk"]


def sheet_pdf(project: Project, brief_ids: list[str]) -> dict[str, bytes]:
    """Stand in for the PDF build: bytes that change whenever the fact sheet does."""
    found = {}
    for brief_id in brief_ids:
        source = (project.root / "briefs" / f"{brief_id}.yaml").read_bytes()
        found[brief_id] = b"%PDF-1.7\n%" + hashlib.sha256(source).hexdigest().encode() + b"\n%%EOF\n"
    return found


def restyled_pdf(project: Project, brief_ids: list[str]) -> dict[str, bytes]:
    """Stand in for a rebuild on another runner: new fonts or print styles, the same content, other bytes."""
    return {
        brief_id: pdf.replace(b"%%EOF", b"% restyled\n%%EOF") for brief_id, pdf in sheet_pdf(project, brief_ids).items()
    }


def run_mail(
    root: Path, targets=("desk",), *, ids=(BRIEF_ID,), environ=None, pdf_source=sheet_pdf, **options
) -> object:
    options.setdefault("resend", not ledger_path(root).exists())
    project = Project.discover(root)
    return mail_briefs(
        project, list(ids), list(targets), MailOptions(**options), environ=environ or {}, pdf_source=pdf_source
    )


@pytest.fixture
def handler():
    return RecordingHandler()


@pytest.fixture
def server(handler):
    with smtp_server(handler) as port:
        yield port


@pytest.fixture
def root(tmp_path, server) -> Path:
    return make_project(tmp_path / "newsroom", server)


def test_each_recipient_gets_one_message_with_both_bodies_and_the_pdf(root, handler):
    summary = run_mail(root)
    assert (summary.count("sent"), summary.count("skipped"), summary.count("failed")) == (3, 0, 0)
    assert sorted(d.rcpt_tos[0].lower() for d in handler.deliveries) == sorted(a.lower() for a in DESK)
    pdf = sheet_pdf(Project.discover(root), [BRIEF_ID])[BRIEF_ID]
    for delivery in handler.deliveries:
        message = delivery.message
        assert delivery.mail_from == "briefs@newsroom.example" and len(delivery.rcpt_tos) == 1
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == f"{BRIEF_ID}.pdf"
        assert attachment.get_content() == pdf


def test_no_recipient_sees_another_address(root, handler):
    run_mail(root, ["desk", "board"])
    everyone = {a.lower() for members in LISTS.values() for a in members}
    assert len(handler.deliveries) == len(everyone)
    for delivery in handler.deliveries:
        own = delivery.rcpt_tos[0].lower()
        raw = delivery.raw.decode("ascii", "replace").lower()
        assert [a for a in everyone - {own} if a in raw] == []
        assert delivery.message["To"].lower() == own and delivery.message["Cc"] is None


def test_second_run_sends_nothing(root, handler):
    run_mail(root)
    summary = run_mail(root)
    assert (summary.count("sent"), summary.count("skipped")) == (0, 3)
    assert len(handler.deliveries) == 3


def test_changed_brief_goes_out_once_as_an_update(root, handler):
    run_mail(root)
    edit_title(root, "Mali cuts ties with Ukraine after the Tinzaouatène ambush")
    summary = run_mail(root)
    assert summary.count("sent") == 3
    updates = handler.deliveries[3:]
    assert sorted(d.rcpt_tos[0].lower() for d in updates) == sorted(a.lower() for a in DESK)
    assert {d.message["Subject"] for d in updates} == {
        "Updated: [PUBLIC] Mali cuts ties with Ukraine after the Tinzaouatène ambush (as of 4 August 2024)"
    }
    assert run_mail(root).count("sent") == 0


def test_new_pdf_bytes_with_the_same_content_send_nothing(root, handler):
    run_mail(root)
    summary = run_mail(root, pdf_source=restyled_pdf)
    assert (summary.count("sent"), summary.count("skipped")) == (0, 3)
    assert len(handler.deliveries) == 3


def test_a_content_change_after_new_pdf_bytes_sends_one_update_per_reader(root, handler):
    run_mail(root)
    run_mail(root, pdf_source=restyled_pdf)
    edit_title(root, "Mali cuts ties with Ukraine after the Tinzaouatène ambush")
    assert run_mail(root, pdf_source=restyled_pdf).count("sent") == 3
    updates = handler.deliveries[3:]
    assert sorted(d.rcpt_tos[0].lower() for d in updates) == sorted(a.lower() for a in DESK)
    assert all(d.message["Subject"].startswith("Updated: [PUBLIC] Mali cuts ties") for d in updates)
    current = restyled_pdf(Project.discover(root), [BRIEF_ID])[BRIEF_ID]
    assert all(next(d.message.iter_attachments()).get_content() == current for d in updates)
    assert run_mail(root).count("sent") == 0


def test_an_edit_to_a_cited_seed_text_is_a_new_version(root, handler):
    run_mail(root)
    seed = root / "seeds" / "mali-ukraine-rupture.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA correction was appended.\n", encoding="utf-8")
    summary = run_mail(root, pdf_source=restyled_pdf)
    assert summary.count("sent") == 3
    assert all(d.message["Subject"].startswith("Updated: ") for d in handler.deliveries[3:])


def test_a_yaml_comment_is_not_a_new_version(root, handler):
    run_mail(root)
    sheet = root / "briefs" / f"{BRIEF_ID}.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "# reviewed again; nothing changed\n", encoding="utf-8")
    assert (run_mail(root).count("sent"), len(handler.deliveries)) == (0, 3)


def test_an_old_ledger_keeps_working_without_re_mailing(root, handler):
    write_old_ledger(root, DESK)
    first = run_mail(root, ["desk", "board"])
    assert (first.count("adopted"), first.count("sent")) == (3, 1)
    [newcomer] = handler.deliveries
    assert newcomer.rcpt_tos == ["dara@example.com"] and not newcomer.message["Subject"].startswith("Updated:")
    with SendLedger.open(ledger_path(root), create=False) as ledger:
        assert sorted(row[2] for row in ledger.rows() if row[4] == "adopted") == sorted(a.lower() for a in DESK)
        assert all(ledger.received(BRIEF_ID, _digest(root), address) for address in DESK)
    again = run_mail(root, ["desk", "board"], pdf_source=restyled_pdf)
    assert (again.count("skipped"), again.count("adopted"), len(handler.deliveries)) == (4, 0, 1)
    edit_title(root, "Mali cuts ties with Ukraine after the Tinzaouatène ambush")
    assert run_mail(root, ["desk"]).count("sent") == 3
    assert all(d.message["Subject"].startswith("Updated: ") for d in handler.deliveries[1:])


def test_an_old_ledger_is_read_not_rewritten_by_a_dry_run(root, handler, tmp_path):
    write_old_ledger(root, DESK)
    summary = run_mail(root, ["desk", "board"], dry_run=True, outbox=tmp_path / "out")
    assert (summary.count("adopted"), summary.count("written")) == (3, 1)
    with SendLedger.open(ledger_path(root), create=False) as ledger:
        assert ledger.rows() == []
    assert run_mail(root).count("adopted") == 3 and handler.deliveries == []


def test_new_member_gets_the_current_version_without_updated(root, handler):
    run_mail(root)
    run_mail(root, ["desk", "board"])
    [delivery] = handler.deliveries[3:]
    assert delivery.rcpt_tos == ["dara@example.com"]
    assert not delivery.message["Subject"].startswith("Updated:")


@pytest.mark.parametrize("handler", [RecordingHandler(transient_failures=2)])
def test_server_busy_twice_then_accepting_delivers_exactly_once(root, handler):
    summary = run_mail(root, ["ana@example.org"])
    assert summary.count("sent") == 1 and summary.ok
    assert handler.data_commands == 3
    assert len(handler.to("ana@example.org")) == 1


@pytest.mark.parametrize("handler", [RecordingHandler(transient_failures=9)])
def test_server_busy_for_ever_fails_after_bounded_tries(root, handler):
    summary = run_mail(root, ["ana@example.org"])
    [failure] = summary.failures
    assert handler.data_commands == 4  # the default number of attempts
    assert failure.recipient == "ana@example.org"
    assert "421 4.3.2 Service busy, try again later (gave up)" in failure.detail


@pytest.mark.parametrize("handler", [RecordingHandler(refuse={"bo@example.org"})])
def test_refused_recipient_fails_alone(root, handler):
    summary = run_mail(root)
    assert (summary.count("sent"), summary.count("failed")) == (2, 1)
    [failure] = summary.failures
    assert failure.recipient == "Bo@Example.org"
    assert "550 5.1.1 <Bo@Example.org>: mailbox unavailable" in failure.detail
    assert not handler.to("bo@example.org") and len(handler.deliveries) == 2
    with SendLedger.open(ledger_path(root), create=False) as ledger:
        assert not ledger.received(BRIEF_ID, _digest(root), "bo@example.org")
    handler.refuse = set()
    again = run_mail(root)
    assert (again.count("sent"), again.count("skipped")) == (1, 2)
    assert len(handler.to("bo@example.org")) == 1


def test_a_title_with_a_line_break_is_refused_and_nothing_is_sent(root, handler):
    """A header needs a line break to get in; the sheet is refused first (compose strips one too: test_mail_compose)."""
    edit_title(root, "Ambush\r\nBcc: attacker@example.org")
    with pytest.raises(ValidationFailed) as refused:
        run_mail(root, ["ana@example.org"])
    (problem,) = refused.value.problems
    assert "line break" in problem.message
    assert handler.deliveries == []


def test_lost_ledger_sends_nothing_without_resend(root, handler):
    run_mail(root)
    ledger_path(root).unlink()
    with pytest.raises(LedgerMissing, match="nothing is re-sent without --resend"):
        run_mail(root, resend=False)
    with pytest.raises(LedgerMissing):
        run_mail(root, changed=True, ids=(), resend=False)
    assert len(handler.deliveries) == 3


def test_mark_sent_records_without_sending(root, handler):
    summary = run_mail(root, mark_sent=True, resend=False)
    assert summary.count("marked") == 3 and handler.deliveries == []
    assert run_mail(root).count("skipped") == 3


def test_changed_mails_only_what_the_list_lacks(root, handler):
    run_mail(root, changed=True, ids=())
    assert len(handler.deliveries) == 3
    assert run_mail(root, changed=True, ids=()).count("skipped") == 3


def test_dry_run_writes_eml_files_and_sends_nothing(root, handler, tmp_path):
    summary = run_mail(root, dry_run=True, outbox=tmp_path / "out", resend=False)
    assert summary.count("written") == 3 and handler.deliveries == []
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert [f.name for f in files] == [
        f"{BRIEF_ID}--Bo@Example.org.eml",
        f"{BRIEF_ID}--ana@example.org.eml",
        f"{BRIEF_ID}--chen@example.net.eml",
    ]
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "Bo@Example.org" and next(message.iter_attachments()).get_content().startswith(b"%PDF")
    assert not ledger_path(root).exists()


def test_bad_configuration_stops_before_anything_is_sent(root, handler):
    with pytest.raises(ConfigError) as caught:
        run_mail(root, ["desk", "nobody", "x@"], environ={"BRIEFGEN_SMTP_HOST": "smtp.example.org"})
    message = str(caught.value)
    assert "--to nobody: no list named 'nobody' and not an address" in message
    assert "--to x@: no list named 'x@' and not an address" in message
    assert "'none' is allowed only for a loopback host, not smtp.example.org" in message
    assert handler.deliveries == []


def test_unknown_brief_and_drafts_are_refused(root, handler):
    with pytest.raises(BriefgenError, match="no brief with id 'nope'"):
        run_mail(root, ids=("nope",))
    text = (root / "briefs" / f"{BRIEF_ID}.yaml").read_text(encoding="utf-8")
    (root / "briefs" / f"{BRIEF_ID}.yaml").write_text(text.replace("status: published", "status: draft"))
    with pytest.raises(BriefgenError, match="only published briefs are mailed"):
        run_mail(root)
    assert run_mail(root, changed=True, ids=()).outcomes == []


def test_refused_login_fails_every_recipient_without_leaking_the_password(root, handler):
    summary = run_mail(root, environ={"BRIEFGEN_SMTP_USER": "desk", "BRIEFGEN_SMTP_PASSWORD": "hunter2-secret"})
    assert summary.count("failed") == 3 and handler.deliveries == []
    assert all("hunter2-secret" not in o.detail for o in summary.outcomes)


def _digest(root: Path) -> str:
    """Return the example brief's content version, as the ledger keys it."""
    loaded = read_sheet(root / "briefs" / f"{BRIEF_ID}.yaml", Project.discover(root))
    return content_digest(loaded.sheet, loaded.seed_digests)


def test_no_server_listening_is_retried_then_reported(tmp_path):
    from tests.mail.support import free_port

    root = make_project(tmp_path / "newsroom", free_port(), attempts=3)
    summary = run_mail(root, ["ana@example.org"])
    [failure] = summary.failures
    assert "ConnectionRefusedError" in failure.detail and "(gave up)" in failure.detail


def test_ids_and_changed_do_not_mix(root, handler):
    with pytest.raises(BriefgenError, match="name brief ids or use --changed, not both"):
        run_mail(root, changed=True)
    with pytest.raises(BriefgenError, match="name a brief id or use --changed"):
        run_mail(root, ids=())
