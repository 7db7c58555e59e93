"""A brief in English and French: each reader gets the version in their language, once, where there is one.

A real SMTP server on 127.0.0.1 and the real French version of the example brief, with
its PDFs built: a French subscriber and a list that reads French get the French version;
an English subscriber, and a reader of a language no version is in, get the English one.
"""

from __future__ import annotations

import shutil

import pytest

from briefgen.config import Project
from briefgen.mail.run import MailOptions, mail_briefs
from tests.conftest import ROOT
from tests.editions.support import BRIEF_ID, lay_out
from tests.gitrepo import commit_all
from tests.mail.support import RecordingHandler, smtp_server, write_settings

FRENCH_READER, ENGLISH_READER, SPANISH_READER = "fr@desk.example", "en@desk.example", "es@desk.example"
SUBSCRIPTIONS = {
    FRENCH_READER: {"countries": ["ML"], "language": "fr"},
    ENGLISH_READER: {"countries": ["ML"]},
    SPANISH_READER: {"countries": ["ML"], "language": "es"},
}


def _subjects_and_pdfs(handler: RecordingHandler) -> dict[str, tuple[str, bytes]]:
    found = {}
    for delivery in handler.deliveries:
        message = delivery.message
        pdf = next(part for part in message.iter_attachments() if part.get_content_type() == "application/pdf")
        for recipient in delivery.rcpt_tos:
            found[recipient] = (str(message["Subject"]), pdf.get_content())
    return found


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The example in English and in French, committed, mailed once to subscribers and once to a French list."""
    root = lay_out(tmp_path_factory.mktemp("versions") / "newsroom")
    shutil.copy(ROOT / "briefs" / f"{BRIEF_ID}.fr.yaml", root / "briefs" / f"{BRIEF_ID}.fr.yaml")
    handlers = RecordingHandler(), RecordingHandler()
    with smtp_server(handlers[0]) as port:
        write_settings(root, port, subscriptions=SUBSCRIPTIONS, unsubscribe="mailto:leave@desk.example")
        commit_all(root, "Two versions", "2024-08-04T19:00:00+00:00")
        subscribed = mail_briefs(Project.discover(root), [], [], MailOptions(changed=True, resend=True), environ={})
        again = mail_briefs(Project.discover(root), [], [], MailOptions(changed=True), environ={})
    with smtp_server(handlers[1]) as port:
        write_settings(root, port, list_languages={"board": "fr"})
        options = MailOptions(resend=True)
        listed = mail_briefs(Project.discover(root), [BRIEF_ID], ["board"], options, environ={})
    return root, handlers, subscribed, again, listed


def test_each_subscriber_gets_the_version_in_their_language_or_the_projects(desk):
    root, (handler, _), subscribed, _, _ = desk
    got = _subjects_and_pdfs(handler)
    assert sorted(got) == sorted(SUBSCRIPTIONS)
    english_pdf = (root / "site" / "briefs" / BRIEF_ID / f"{BRIEF_ID}.pdf").read_bytes()
    french_pdf = (root / "site" / "fr" / "briefs" / BRIEF_ID / f"{BRIEF_ID}.pdf").read_bytes()
    assert got[FRENCH_READER][1] == french_pdf and "Le Mali rompt" in got[FRENCH_READER][0]
    assert got[ENGLISH_READER][1] == english_pdf and got[SPANISH_READER][1] == english_pdf
    assert {(o.brief_id, o.recipient) for o in subscribed.outcomes if o.status == "sent"} == {
        (f"{BRIEF_ID}@fr", FRENCH_READER),
        (BRIEF_ID, ENGLISH_READER),
        (BRIEF_ID, SPANISH_READER),
    }


def test_a_second_run_sends_no_version_again(desk):
    _, (handler, _), _, again, _ = desk
    assert len(handler.deliveries) == 3
    assert {o.status for o in again.outcomes} == {"skipped"}


def test_a_list_that_reads_french_gets_the_french_version(desk):
    root, (_, handler), _, _, listed = desk
    got = _subjects_and_pdfs(handler)
    french_pdf = (root / "site" / "fr" / "briefs" / BRIEF_ID / f"{BRIEF_ID}.pdf").read_bytes()
    assert got and all(pdf == french_pdf for _, pdf in got.values())
    assert {o.brief_id for o in listed.outcomes} == {f"{BRIEF_ID}@fr"}
