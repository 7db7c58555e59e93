"""Compose a brief's e-mail: values in, an ``EmailMessage`` out. No network, no files written."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

import jinja2

from briefgen.errors import ConfigError
from briefgen.i18n.words import N_, Words, english, words_for
from briefgen.mail.settings import SUBJECT_FIELDS
from briefgen.sheet.dates import human_day
from briefgen.sheet.labels import label
from briefgen.sheet.markdown import markdown_inline, markdown_plain
from briefgen.sheet.models import UNATTRIBUTED, FactSheet
from briefgen.site.context import actor_ref
from briefgen.site.templating import ThemeLoader, install_words
from briefgen.themes import Theme

UPDATED = N_("Updated: %(subject)s")  # an update's subject line
CONTENT_FORMAT = "briefgen content 1"  # change only with a migration: every brief would count as new
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(SUBJECT_FIELDS) + r")\}")


def content_digest(sheet: FactSheet, seed_digests: Mapping[str, str]) -> str:
    """Hash what a reader reads, the validated fact sheet and the seed texts it cites, and never the PDF's bytes.

    Fonts, WeasyPrint and the print template change the bytes of a PDF, not what it says,
    so they must not make a brief new. Values left at their defaults are left out: a new
    optional key in the format leaves every existing brief's version as it was.
    """
    facts = _without_filled_languages(sheet.model_dump(mode="json", exclude_defaults=True))
    text = json.dumps([CONTENT_FORMAT, facts, dict(seed_digests)], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _without_filled_languages(facts: dict) -> dict:
    """Leave out the languages the loader fills in, so briefs written before ``language`` keep their version.

    The sheet's language says which version a brief is, not what it says; a source's
    counts only when it differs from the sheet's.
    """
    language = facts.pop("language", None)
    for source in facts.get("sources", []):
        if source.get("language") == language:
            del source["language"]
    return facts


@dataclass(frozen=True)
class BriefVersion:
    """One version of a brief: its fact sheet, the digests of the seed texts it cites, and its built PDF."""

    sheet: FactSheet
    pdf: bytes
    seed_digests: Mapping[str, str]

    @functools.cached_property
    def digest(self) -> str:
        """Return the version a reader has or lacks: the hash of the brief's content, not of its PDF."""
        return content_digest(self.sheet, self.seed_digests)


@dataclass(frozen=True)
class MailBodies:
    """The plain-text and HTML bodies of one brief's message, the same for every recipient."""

    text: str
    html: str


def one_line(text: str) -> str:
    """Fold CR, LF and other control characters into spaces so a value cannot start a new header."""
    return " ".join(_LINE_BREAKS.sub(" ", text).split())


def subject_line(template: str, sheet: FactSheet, *, updated: bool) -> str:
    """Fill the subject template from the fact sheet, on one line, marked when it is an update."""
    words = words_for(sheet.language)
    values = {"handling": sheet.handling, "title": sheet.title, "as_of": human_day(sheet.as_of, words), "id": sheet.id}
    subject = one_line(_PLACEHOLDER.sub(lambda m: values[m.group(1)], template))
    return words.gettext(UPDATED) % {"subject": subject} if updated else subject


def message_id(brief_id: str, digest: str, recipient: str, domain: str) -> str:
    """Derive the Message-ID from brief version and recipient, so a re-send is a duplicate mail clients drop."""
    reader = hashlib.sha256(recipient.lower().encode()).hexdigest()[:20]
    return f"<briefgen.{brief_id}.{digest[:20]}.{reader}@{domain}>"


def casualty_lines(sheet: FactSheet, words: Words | None = None) -> list[dict]:
    """Give each casualty claim as the mail says it: whose, what, the figure as worded, and who claims it."""
    words = words or english()
    return [
        {
            "party": actor_ref(sheet, claim.party, words)["name"],
            "category": label(claim.category, words).lower(),
            "figure": claim.worded_in(words),
            "claimant": words.gettext("unattributed")
            if claim.claimed_by == UNATTRIBUTED
            else words.gettext("claimed by %(claimant)s")
            % {"claimant": actor_ref(sheet, claim.claimed_by, words)["name"]},
        }
        for claim in sheet.casualties
    ]


def render_bodies(sheet: FactSheet, link: str, theme: Theme, language: str | None = None, since=None) -> MailBodies:
    """Render both bodies from the theme's ``mail/`` templates, looked up in the theme's order.

    Templates are read as the site's are (ThemeLoader): only files inside the theme's
    folders, so a template linked to a file elsewhere is refused, never mailed.
    ``since`` (a :class:`briefgen.mail.changes.ChangesSince`) lists what changed for an update's reader.
    The mail speaks the brief's language unless ``language`` names another.
    """
    language = language or sheet.language
    folder = theme.folders[0] / "mail"
    if not any((f / "mail").is_dir() for f in theme.folders):
        raise ConfigError("mail templates are missing (brief.txt.j2, brief.html.j2)", str(folder))
    environment = jinja2.Environment(
        loader=ThemeLoader(theme),
        extensions=["jinja2.ext.i18n"],
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    words = words_for(language, theme)
    install_words(environment, words)
    # The web page's markdown rules: no raw HTML, no images, only http(s) links.
    environment.filters["plain"] = markdown_plain
    environment.filters["inline_html"] = markdown_inline
    context = {
        "sheet": sheet,
        "as_of": human_day(sheet.as_of, words),
        "link": link,
        "title": one_line(sheet.title),
        "language": language,
        "claims": casualty_lines(sheet, words),
        "since": since,
    }
    try:
        return MailBodies(
            environment.get_template("mail/brief.txt.j2").render(context),
            environment.get_template("mail/brief.html.j2").render(context),
        )
    except jinja2.TemplateError as error:
        raise ConfigError(f"mail template: {error}", str(folder)) from None


def compose_message(
    version: BriefVersion,
    recipient: str,
    *,
    sender: str,
    subject: str,
    bodies: MailBodies,
    date: dt.datetime,
) -> EmailMessage:
    """Build one recipient's message: both bodies, the PDF attached, and only this recipient's address."""
    sheet = version.sheet
    message = EmailMessage()
    message["From"] = one_line(sender)
    message["To"] = one_line(recipient)
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(date)
    domain = sender.rpartition("@")[2].strip("> ") or "briefgen.invalid"
    message["Message-ID"] = message_id(sheet.id, version.digest, recipient, domain)
    message["X-Briefgen-Brief"] = f"{sheet.id} {version.digest[:20]}"
    message.set_content(bodies.text, cte="quoted-printable")
    message.add_alternative(bodies.html, subtype="html", cte="quoted-printable")
    message.add_attachment(version.pdf, maintype="application", subtype="pdf", filename=f"{sheet.id}.pdf")
    return message
