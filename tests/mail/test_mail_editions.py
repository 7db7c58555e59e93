"""An update lists what changed since the edition each reader last received: a real git history, a real SMTP server."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.config import Project
from briefgen.errors import BriefgenError
from briefgen.mail.run import MailOptions, mail_briefs
from tests.editions.support import (
    BRIEF_ID,
    CHANGES_IN_2,
    CHANGES_IN_3,
    CHANGES_SINCE_1,
    edit,
    edit_edition_2,
    edit_edition_3,
    make_edition_1,
    make_three_editions,
)
from tests.gitrepo import commit_all, git
from tests.mail.support import RecordingHandler, smtp_server, write_settings

ANA, BO = "ana@example.org", "bo@example.org"
TITLE = "Mali severs diplomatic relations with Ukraine after the Tinzaouatène ambush"
EDITION_2_URL = f"https://briefs.example.org/briefs/{BRIEF_ID}/editions/2024-08-05/"


def sheet_pdf(project: Project, brief_ids: list[str]) -> dict[str, bytes]:
    """Stand in for the PDF build, which these tests are not about: bytes that follow the fact sheet."""
    source = (project.root / "briefs" / f"{BRIEF_ID}.yaml").read_bytes()
    return {BRIEF_ID: b"%PDF-1.7\n%" + hashlib.sha256(source).hexdigest().encode() + b"\n%%EOF\n"}


def mail(root: Path, *readers: str, resend: bool = False):
    options = MailOptions(resend=resend)
    return mail_briefs(Project.discover(root), [BRIEF_ID], list(readers), options, environ={}, pdf_source=sheet_pdf)


def plain_lines(delivery) -> list[str]:
    """Read the change lines of a message's plain-text body, unwrapped."""
    text = delivery.message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    block = text.split("What changed since ", 1)[1].split("\nKey points\n", 1)[0]
    heading, *items = block.split("\n  * ")
    return [heading.strip()] + [" ".join(item.split()) for item in items]


@pytest.fixture
def handler():
    return RecordingHandler()


def test_a_reader_who_missed_edition_2_is_told_everything_since_edition_1(tmp_path, handler):
    with smtp_server(handler) as port:
        root = make_edition_1(tmp_path / "newsroom")
        write_settings(root, port)
        commit_all(root, "Mail settings", "2024-08-04T19:00:00+00:00")
        assert mail(root, ANA, BO, resend=True).count("sent") == 2

        edit_edition_2(root)
        commit_all(root, "JNIM claims 50 killed", "2024-08-05T18:00:00+00:00")
        assert mail(root, BO).count("sent") == 1  # Ana is away: she misses edition 2

        edit_edition_3(root)
        commit_all(root, "JNIM raises its toll; condemnation dropped", "2024-08-06T18:00:00+00:00")
        assert mail(root, ANA, BO).count("sent") == 2

    first_to_ana, third_to_ana = handler.to(ANA)
    second_to_bo, third_to_bo = handler.to(BO)[1:]
    assert not first_to_ana.message["Subject"].startswith("Updated:")
    assert "What changed" not in first_to_ana.message.get_body(("plain",)).get_content()
    assert third_to_ana.message["Subject"].startswith("Updated: ")
    assert plain_lines(third_to_ana) == [
        "the edition you last received, as of 4 August 2024",
        *CHANGES_SINCE_1,
    ]
    assert plain_lines(second_to_bo) == ["the edition you last received, as of 4 August 2024", *CHANGES_IN_2]
    assert plain_lines(third_to_bo) == ["the edition you last received, as of 5 August 2024", *CHANGES_IN_3]
    html = third_to_ana.message.get_body(("html",)).get_content()
    assert "What changed since the edition you last received, as of 4 August 2024" in html
    assert "New claim: JNIM says 84 Russian mercenaries killed" in html


def test_without_the_readers_version_in_history_an_update_says_it_lists_changes_since_the_previous_edition(
    tmp_path, handler
):
    with smtp_server(handler) as port:
        root = make_edition_1(tmp_path / "newsroom")
        write_settings(root, port)
        edit_edition_2(root)
        edit(root, "region: West Africa (Sahel)", "region: West Africa")
        assert mail(root, ANA, resend=True).count("sent") == 1  # mailed from the working tree, never committed so
        edit(root, "region: West Africa", "region: West Africa (Sahel)")
        commit_all(root, "Edition 2", "2024-08-05T18:00:00+00:00")
        edit_edition_3(root)
        commit_all(root, "Edition 3", "2024-08-06T18:00:00+00:00")
        assert mail(root, ANA).count("sent") == 1
    update = handler.to(ANA)[1]
    assert plain_lines(update) == ["the previous edition, as of 5 August 2024", *CHANGES_IN_3]


def edition_text(delivery) -> str:
    """Read the text of the PDF a message carries, on one line."""
    (attachment,) = list(delivery.message.iter_attachments())
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_past_edition_is_mailed_from_history_once_per_reader_without_a_checkout(tmp_path, handler):
    root = make_three_editions(tmp_path / "newsroom")
    with smtp_server(handler) as port:
        write_settings(root, port)
        commit_all(root, "Mail settings", "2024-08-06T19:00:00+00:00")
        head, sheet = git(root, "rev-parse", "HEAD"), (root / "briefs" / f"{BRIEF_ID}.yaml").read_bytes()
        project = Project.discover(root)
        second = MailOptions(resend=True, edition="2024-08-05")
        assert mail_briefs(project, [BRIEF_ID], [ANA], second, environ={}).count("sent") == 1
        again = mail_briefs(project, [BRIEF_ID], [ANA, BO], MailOptions(edition="2024-08-05"), environ={})
        assert (again.count("sent"), again.count("skipped")) == (1, 1), "Ana has edition 2: only Bo gets it"
        current = mail_briefs(project, [BRIEF_ID], [ANA], MailOptions(), environ={})
        assert current.count("sent") == 1
    assert git(root, "rev-parse", "HEAD") == head and git(root, "status", "--porcelain", "--untracked-files=no") == ""
    assert (root / "briefs" / f"{BRIEF_ID}.yaml").read_bytes() == sheet
    edition_2, edition_3 = handler.to(ANA)
    assert " ".join(edition_2.message["Subject"].split()) == f"[PUBLIC] {TITLE} (as of 5 August 2024)"
    body = edition_2.message.get_body(("plain",)).get_content()
    assert "as of 5 August 2024" in body and "Read the brief online: " + EDITION_2_URL in body
    assert "condemned the decision as" in body, "the key points as edition 2 worded them"
    pdf = edition_text(edition_2)
    assert "Edition 2 (replaced by a later edition)" in pdf and "JNIM raises its toll" not in pdf
    assert "New claim: JNIM says 50 Russian mercenaries killed" in pdf
    assert edition_3.message["Subject"].startswith("Updated: ")
    assert plain_lines(edition_3) == ["the edition you last received, as of 5 August 2024", *CHANGES_IN_3]


def test_mailing_an_edition_the_brief_never_had_is_refused_in_one_line(tmp_path, handler):
    root = make_three_editions(tmp_path / "newsroom")
    write_settings(root, 2525)
    with pytest.raises(BriefgenError) as refused:
        mail_briefs(Project.discover(root), [BRIEF_ID], [ANA], MailOptions(edition="2024-08-01"), environ={})
    assert str(refused.value) == (
        f"{BRIEF_ID} has no edition as of 2024-08-01; its editions are as of 2024-08-04, 2024-08-05, 2024-08-06"
    )
