"""Compose a daily digest: one message listing every followed brief that changed, values in, a message out.

Each item is one brief version the reader lacks, with what changed since the one
they last received and the links to its page and PDF. PDFs are attached only when
the subscription asks (``attach = true``): a digest of ten briefs is read, not filed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.message import EmailMessage

from briefgen.i18n import N_, Words
from briefgen.mail.changes import ChangesSince
from briefgen.mail.compose import (
    BriefVersion,
    MailBodies,
    MailFooter,
    add_bodies,
    add_list_headers,
    addressed_message,
    one_line,
    render_mail,
    sender_domain,
)
from briefgen.sheet.dates import human_day
from briefgen.themes import Theme

DIGEST_SUBJECT_ONE = N_("Digest of %(day)s: %(title)s")


@dataclass(frozen=True)
class DigestItem:
    """One brief version in a digest: the version, whether it updates one the reader had, and what changed."""

    version: BriefVersion
    updated: bool
    since: ChangesSince | None
    link: str  # the brief's web page, '' without a base URL
    pdf_link: str  # its PDF on the site, '' without a base URL
    why: str  # why the reader gets it, in their language: 'you follow Libya'

    @property
    def title(self) -> str:
        return one_line(self.version.sheet.title)

    @property
    def as_of(self) -> str:
        return human_day(self.version.sheet.as_of)


def digest_subject(items: list[DigestItem], day: dt.date, words: Words) -> str:
    """Name a digest by its day, and by its brief when it holds one."""
    shown = words.day(day)
    if len(items) == 1:
        return one_line(words.gettext(DIGEST_SUBJECT_ONE) % {"day": shown, "title": items[0].title})
    said = words.ngettext(
        "Digest of %(day)s: %(count)s brief changed", "Digest of %(day)s: %(count)s briefs changed", len(items)
    )
    return one_line(said % {"day": shown, "count": words.number(len(items))})


def render_digest(items: list[DigestItem], day: dt.date, theme: Theme, language: str, footer: MailFooter) -> MailBodies:
    """Render a digest's bodies from the theme's ``mail/digest`` templates."""
    return render_mail(theme, language, "digest", {"items": items, "day": day, "language": language, "footer": footer})


def digest_message_id(recipient: str, items: list[DigestItem], domain: str) -> str:
    """Derive a digest's Message-ID from its reader and the versions it holds: sent again, it is a duplicate."""
    covered = "\n".join(sorted(f"{item.version.sheet.id} {item.version.digest}" for item in items))
    key = hashlib.sha256(f"{recipient.lower()}\n{covered}".encode()).hexdigest()[:32]
    return f"<briefgen.digest.{key}@{domain}>"


def compose_digest(
    items: list[DigestItem],
    recipient: str,
    *,
    sender: str,
    subject: str,
    bodies: MailBodies,
    date: dt.datetime,
    unsubscribe: str,
    attach: bool,
) -> EmailMessage:
    """Build one reader's digest: both bodies, the list headers, and the PDFs only when asked."""
    message = addressed_message(sender, recipient, subject, date)
    message["Message-ID"] = digest_message_id(recipient, items, sender_domain(sender))
    message["X-Briefgen-Digest"] = " ".join(f"{item.version.sheet.id} {item.version.digest[:20]}" for item in items)
    add_list_headers(message, unsubscribe)
    add_bodies(message, bodies)
    for item in items if attach else ():
        sheet = item.version.sheet
        message.add_attachment(item.version.pdf, maintype="application", subtype="pdf", filename=f"{sheet.id}.pdf")
    return message
