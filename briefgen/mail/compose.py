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
from briefgen.sheet.models import UNATTRIBUTED, UNKNOWN, CasualtyClaim, FactSheet, revised_by
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
    name: str = ""  # the version as the site names it: '<id>', or '<id>@<language>' in another than the project's

    @property
    def key(self) -> str:
        """What the ledger, links and outcomes know the version by: its id in the project's language."""
        return self.name or self.sheet.id

    @functools.cached_property
    def digest(self) -> str:
        """Return the version a reader has or lacks: the hash of the brief's content, not of its PDF."""
        return content_digest(self.sheet, self.seed_digests)


@dataclass(frozen=True)
class MailFooter:
    """What a message ends with for one reader: why they get it, and where they unsubscribe."""

    why: str  # e.g. 'you follow Mali and Niger'; empty for an address named on the command line
    unsubscribe: str  # mailto: or https:, the reader's address filled in; empty when the project names none


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
    """Give each casualty claim as the mail says it: whose, what, the figure as worded, and who claims it.

    A withdrawn claim says so in capitals, and a revised one what it was revised to: a mail has no strike-through.
    """
    words = words or english()
    revisions = revised_by(sheet.casualties)
    return [
        {
            "party": actor_ref(sheet, claim.party, words)["name"],
            "category": label(claim.category, words).lower(),
            "figure": claim.worded_in(words),
            "claimant": _claimant(sheet, claim, words) + _standing(claim, revisions.get(index), words),
        }
        for index, claim in enumerate(sheet.casualties)
    ]


def _claimant(sheet: FactSheet, claim: CasualtyClaim, words: Words) -> str:
    if claim.claimed_by == UNATTRIBUTED:
        who = words.gettext("unattributed")
    else:
        who = words.gettext("claimed by %(claimant)s") % {"claimant": actor_ref(sheet, claim.claimed_by, words)["name"]}
    if not claim.via:
        return who
    return words.gettext("%(claimant)s via %(via)s") % {
        "claimant": who,
        "via": actor_ref(sheet, claim.via, words)["name"],
    }


def _standing(claim: CasualtyClaim, revision: CasualtyClaim | None, words: Words) -> str:
    """Say a withdrawn claim in capitals, with when and why, and a revised one what it became."""
    if claim.withdrawn:
        on = _day(claim.withdrawn.on, words)
        gone = words.gettext("withdrawn on %(day)s") % {"day": on} if on else words.gettext("withdrawn")
        return f"; {words.gettext('WITHDRAWN')}, {gone}: {markdown_plain(claim.withdrawn.note)}"
    if revision is not None:
        on, figure = _day(revision.claimed_on, words), revision.worded_in(words)
        if on:
            return "; " + words.gettext("revised on %(day)s to %(figure)s") % {"day": on, "figure": figure}
        return "; " + words.gettext("revised to %(figure)s") % {"figure": figure}
    return ""


def _day(date, words: Words) -> str:
    return "" if date is None or date == UNKNOWN else date.human(words)


def render_bodies(
    sheet: FactSheet, link: str, theme: Theme, language: str | None = None, since=None, footer: MailFooter | None = None
) -> MailBodies:
    """Render both bodies from the theme's ``mail/`` templates, looked up in the theme's order.

    Templates are read as the site's are (ThemeLoader): only files inside the theme's
    folders, so a template linked to a file elsewhere is refused, never mailed.
    ``since`` (a :class:`briefgen.mail.changes.ChangesSince`) lists what changed for an update's reader.
    The mail speaks the brief's language unless ``language`` names another.
    ``footer`` says why this reader gets it and how to stop.
    """
    language = language or sheet.language
    words = words_for(language, theme)
    context = {
        "sheet": sheet,
        "as_of": human_day(sheet.as_of, words),
        "link": link,
        "title": one_line(sheet.title),
        "language": language,
        "claims": casualty_lines(sheet, words),
        "since": since,
        "footer": footer,
    }
    return render_mail(theme, language, "brief", context)


def mail_environment(theme: Theme, language: str) -> jinja2.Environment:
    """Make the Jinja environment mail is rendered in: the theme's files, the language's words."""
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
    return environment


def render_mail(theme: Theme, language: str, name: str, context: dict) -> MailBodies:
    """Render ``mail/<name>.txt.j2`` and ``mail/<name>.html.j2``: a brief's message, or a digest."""
    folder = theme.folders[0] / "mail"
    if not any((f / "mail").is_dir() for f in theme.folders):
        raise ConfigError(f"mail templates are missing ({name}.txt.j2, {name}.html.j2)", str(folder))
    environment = mail_environment(theme, language)
    try:
        return MailBodies(
            environment.get_template(f"mail/{name}.txt.j2").render(context),
            environment.get_template(f"mail/{name}.html.j2").render(context),
        )
    except jinja2.TemplateError as error:
        raise ConfigError(f"mail template: {error}", str(folder)) from None


def addressed_message(sender: str, recipient: str, subject: str, date: dt.datetime) -> EmailMessage:
    """Start a message to one reader: each header on one line, so no value can start another."""
    message = EmailMessage()
    message["From"] = one_line(sender)
    message["To"] = one_line(recipient)
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(date)
    return message


def sender_domain(sender: str) -> str:
    """Return the domain Message-IDs are made in: the sender's."""
    return sender.rpartition("@")[2].strip("> ") or "briefgen.invalid"


def add_bodies(message: EmailMessage, bodies: MailBodies) -> None:
    """Give a message its plain-text body and its HTML alternative."""
    message.set_content(bodies.text, cte="quoted-printable")
    message.add_alternative(bodies.html, subtype="html", cte="quoted-printable")


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
    message = addressed_message(sender, recipient, subject, date)
    message["Message-ID"] = message_id(sheet.id, version.digest, recipient, sender_domain(sender))
    message["X-Briefgen-Brief"] = f"{sheet.id} {version.digest[:20]}"
    add_bodies(message, bodies)
    message.add_attachment(version.pdf, maintype="application", subtype="pdf", filename=f"{sheet.id}.pdf")
    return message


def add_list_headers(message: EmailMessage, unsubscribe: str) -> None:
    """Say where the reader unsubscribes (RFC 2369), in one click where it is an https: address (RFC 8058).

    The address comes validated from the settings (no spaces, commas, brackets or control
    characters) with the reader's address percent-encoded, so it cannot end the header;
    one_line folds anything else, a second guard.
    """
    if not unsubscribe:
        return
    message["List-Unsubscribe"] = f"<{one_line(unsubscribe)}>"
    if unsubscribe.startswith("https:"):
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
