"""Mail briefs to distribution lists, each version to each reader exactly once.

A version is a brief's content (see :func:`briefgen.mail.compose.content_digest`). With
``--edition`` the one brief named is mailed as it stood in that edition: its sheet and
seeds read from git history, its PDF the one the site keeps for that edition, and no
old commit checked out. Its version is that content, so a reader who got it when it
was current is skipped, and one who has it now is never sent it twice.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import logging
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.config import Project
from briefgen.editions.archive import Archive
from briefgen.errors import BriefgenError, ConfigError, ValidationFailed
from briefgen.i18n import words_for
from briefgen.mail.changes import ChangesSince, ReaderChanges
from briefgen.mail.compose import (
    BriefVersion,
    MailBodies,
    MailFooter,
    add_list_headers,
    compose_message,
    render_bodies,
    subject_line,
)
from briefgen.mail.digest import DigestItem, compose_digest, digest_subject, render_digest
from briefgen.mail.follow import Reason, followers, list_reasons, unsubscribe_address, why_said
from briefgen.mail.ledger import SendLedger, ledger_path
from briefgen.mail.settings import PASSWORD_VARIABLE, MailSettings, Subscription, load_mail_settings
from briefgen.mail.smtp import DeliveryFailed, SmtpSender
from briefgen.sheet.loader import LoadedSheet, check_paths
from briefgen.sheet.models import Status
from briefgen.sheet.versions import split_version, version_name
from briefgen.site import layout
from briefgen.themes import Theme

log = logging.getLogger(__name__)

PdfSource = Callable[..., dict[str, bytes]]  # (project, brief ids[, edition=AS_OF]) -> PDF bytes by brief id
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Reader:
    """One reader of a brief in this run: their address, why they get it, and their subscription (None: --to)."""

    address: str
    reasons: tuple[Reason, ...]
    subscription: Subscription | None = None
    list_language: str | None = None  # for a reader named with --to: the language their list reads

    @property
    def takes_digest(self) -> bool:
        return self.subscription is not None and self.subscription.digest == "daily"

    @property
    def language(self) -> str | None:
        return self.subscription.language if self.subscription else self.list_language


def readers_of(settings: MailSettings, targets: list[str], sheet) -> list[Reader]:
    """List who gets a brief: everyone named with --to, or without it, every subscriber who follows it, once."""
    if targets:
        found = [(a, list_reasons(settings.lists, targets, a)) for a in settings.recipients(targets)]
        return [Reader(a, why, None, settings.language_of(why)) for a, why in found]
    return [Reader(a, why, settings.subscriptions[a]) for a, why in followers(settings.subscriptions, sheet)]


@dataclass(frozen=True)
class MailOptions:
    """What a run does: which briefs, and whether it sends, writes .eml files or only records."""

    changed: bool = False
    dry_run: bool = False
    outbox: Path | None = None
    resend: bool = False
    mark_sent: bool = False
    edition: str | None = None  # an as-of day: mail that edition of the one brief named, read from git history


@dataclass(frozen=True)
class Outcome:
    """What happened to one brief for one recipient."""

    brief_id: str
    recipient: str
    status: str  # sent, written, marked, skipped, adopted (from a PDF-keyed ledger), waiting (a digest's) or failed
    detail: str = ""
    why: str = ""  # why the reader gets it: 'you follow Mali'; 'in a digest' is added for a digest's


@dataclass
class MailSummary:
    """Every outcome of a run, with the counts the CLI prints."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def review(self) -> list[str]:
        """Say, reader by reader, which briefs go out (or would, in a dry run) and why; one line each."""
        going = [o for o in self.outcomes if o.status in ("sent", "written", "marked", "waiting")]
        lines = []
        for reader in dict.fromkeys(o.recipient for o in going):
            lines.append(f"{reader}:")
            for o in (o for o in going if o.recipient == reader):
                waits = " (waits for the next day's digest)" if o.status == "waiting" else ""
                lines.append(f"  {o.brief_id}{waits}: {o.why or 'named with --to'}")
        return lines


def built_pdfs(project: Project, versions: list[str], edition: str | None = None) -> dict[str, bytes]:
    """Build the briefs' PDFs when missing or out of date (the build is incremental), and return their bytes.

    ``versions`` are named as the site names them ('<id>', '<id>@fr'); ``edition`` (an
    as-of day) asks for that past edition's PDF, which the site keeps beside its page.
    """
    from briefgen.site.build import BuildOptions, build

    if not versions:
        return {}
    site_dir = project.root / "site"
    only = tuple(dict.fromkeys(split_version(version)[0] for version in versions))
    build(project, BuildOptions(out_dir=site_dir, only=only, pdf=True))
    path = (lambda i: layout.edition_file_path(i, edition, "pdf")) if edition else layout.brief_pdf_path
    return {version: (site_dir / path(version)).read_bytes() for version in versions}


def select_sheets(project: Project, brief_ids: list[str], changed: bool) -> list[LoadedSheet]:
    """Pick the published briefs named, or all published briefs for --changed, as loaded with their seeds."""
    if changed == bool(brief_ids):
        raise BriefgenError(
            "name brief ids or use --changed, not both" if changed else "name a brief id or use --changed"
        )
    report = check_paths([project.briefs_dir], project)
    if not report.ok:
        raise ValidationFailed(report.errors)
    loaded: dict[str, list[LoadedSheet]] = {}
    for entry in sorted(report.sheets, key=lambda entry: (entry.sheet.id, entry.sheet.language)):
        loaded.setdefault(entry.sheet.id, []).append(entry)
    if changed:
        return [entry for _, group in sorted(loaded.items()) for entry in group if _published(entry)]
    unknown = [i for i in brief_ids if i not in loaded]
    if unknown:
        raise BriefgenError(f"no brief with id {', '.join(map(repr, unknown))} in {project.briefs_dir}")
    drafts = [i for i in brief_ids if not any(_published(entry) for entry in loaded[i])]
    if drafts:
        raise BriefgenError(f"{', '.join(drafts)}: only published briefs are mailed (status is draft)")
    return [entry for i in dict.fromkeys(brief_ids) for entry in loaded[i] if _published(entry)]


def _published(entry: LoadedSheet) -> bool:
    return entry.sheet.status is Status.PUBLISHED


def version_for(language: str | None, offered: list[str], project_language: str) -> str:
    """Pick the version a reader gets: in their language where there is one, else the project's, else the first."""
    for wanted in (language, project_language):
        if wanted in offered:
            return wanted
    return offered[0]


def _languages_by_id(selected: list[LoadedSheet]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in selected:
        found.setdefault(entry.sheet.id, []).append(entry.sheet.language)
    return found


def select_edition(project: Project, current: LoadedSheet, as_of: str) -> LoadedSheet | None:
    """Load a past edition of a brief by its as-of day from git history; None when it is the working tree's own."""
    brief_id = version_name(current.sheet.id, current.sheet.language, project.settings.language)
    current_as_of = current.sheet.as_of.isoformat()
    if as_of == current_as_of:
        return None
    archive = Archive.read(project)
    if archive.history is None:
        raise BriefgenError(f"--edition reads the brief's history, and {archive.notice}")
    past = [e for e in archive.history.editions.get(brief_id, []) if e.as_of < current_as_of]
    edition = next((e for e in past if e.as_of == as_of), None)
    if edition is None:
        known = ", ".join([*(e.as_of for e in past), current_as_of])
        raise BriefgenError(f"{brief_id} has no edition as of {as_of}; its editions are as of {known}")
    loaded = archive.load(edition)
    if not loaded.ok:
        raise ValidationFailed(loaded.problems)
    return loaded


def _edition_day(options: MailOptions, brief_ids: list[str]) -> str | None:
    """Check what --edition names: a day, and one brief."""
    if options.edition is None:
        return None
    if options.changed or len(brief_ids) != 1:
        raise BriefgenError("--edition mails an edition of one brief: name exactly one brief id, without --changed")
    try:
        return dt.date.fromisoformat(options.edition).isoformat()
    except ValueError:
        raise BriefgenError(f"'{options.edition}' is not a day; give an as-of date as YYYY-MM-DD") from None


def _settings_problems(
    project: Project, settings: MailSettings, targets: list[str], options: MailOptions, environ
) -> list[str]:
    sending = not (options.dry_run or options.mark_sent)
    problems = settings.problems(targets, sending=sending)
    if sending and settings.username and not environ.get(PASSWORD_VARIABLE):
        problems.append(f"{PASSWORD_VARIABLE} is not set, and tool.briefgen.mail.username asks to log in")
    if settings.ca_file and not (project.root / settings.ca_file).is_file():
        problems.append(f"tool.briefgen.mail.ca_file: no file {settings.ca_file}")
    return problems


def mail_briefs(
    project: Project,
    brief_ids: list[str],
    targets: list[str],
    options: MailOptions,
    *,
    environ: Mapping[str, str] = os.environ,
    pdf_source: PdfSource = built_pdfs,
    clock: Clock = utc_now,
) -> MailSummary:
    """Check everything, build the PDFs, then mail each brief version to each reader who lacks it.

    Readers are those named with ``targets`` (--to), or without them every subscriber who
    follows the brief; a daily-digest subscriber gets one message for all their briefs.
    """
    settings = load_mail_settings(project.settings.mail, environ, project.root / "pyproject.toml")
    problems = _settings_problems(project, settings, targets, options, environ)
    if problems:
        raise ConfigError("; ".join(problems), str(project.root / "pyproject.toml"))
    as_of = _edition_day(options, brief_ids)
    selected = select_sheets(project, brief_ids, options.changed)
    own = [entry for entry in selected if entry.sheet.language == project.settings.language]
    past = select_edition(project, (own or selected)[0], as_of) if as_of else None
    selected = [past] if past else selected
    run = _MailRun(project, settings, options, environ, edition=as_of if past else None, clock=clock)
    offered = _languages_by_id(selected)
    default = project.settings.language

    def readers(sheet) -> list[Reader]:
        """The readers of a brief who get this version of it: theirs, or the project's where theirs is missing."""
        found = readers_of(settings, targets, sheet)
        return [r for r in found if version_for(r.language, offered[sheet.id], default) == sheet.language]

    followed = [entry for entry in selected if readers(entry.sheet)]
    with run.open_ledger() as ledger:
        names = [version_name(entry.sheet.id, entry.sheet.language, default) for entry in followed]
        pdfs = pdf_source(project, names, edition=as_of) if past else pdf_source(project, names)
        versions = [
            BriefVersion(entry.sheet, pdfs[name], entry.seed_digests, name)
            for entry, name in zip(followed, names, strict=True)
        ]
        try:
            digests: dict[str, list[tuple[BriefVersion, Reader]]] = {}
            for version in versions:
                for reader in readers(version.sheet):
                    if reader.takes_digest and not options.mark_sent:
                        digests.setdefault(reader.address, []).append((version, reader))
                    else:
                        run.mail_version(version, reader, ledger)
            for address, held in digests.items():
                run.mail_digest(address, held, ledger)
        finally:
            run.sender.close()
    return run.summary


class _NoLedger:
    """Stands in for a missing ledger during a dry run: nobody has received anything."""

    def received(self, *args: str, **options: bool) -> bool:
        return False

    received_earlier = adopt_legacy = received

    def last_version(self, *args: str) -> None:
        return None

    last_digest_day = last_version

    def __enter__(self) -> _NoLedger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


class _MailRun:
    """One run's state: the SMTP connection, the outcomes so far, and a server-wide failure if any."""

    def __init__(
        self,
        project: Project,
        settings: MailSettings,
        options: MailOptions,
        environ: Mapping[str, str],
        edition: str | None = None,
        clock: Clock = utc_now,
    ):
        self.project = project
        self.clock = clock
        self.theme = Theme.of(project)
        self.edition = edition  # the as-of day of a past edition being mailed, whose page the mail links to
        self.settings = settings
        self.options = options
        self.sender = SmtpSender(settings, environ.get(PASSWORD_VARIABLE), project.root)
        self.summary = MailSummary()
        self.server_failure = ""
        self.outbox = options.outbox or project.root / "outbox"
        self.base_url = layout.public_base_url(project, environ)  # where the site was published, as pages say
        self.changes = ReaderChanges(project)
        self._rendered: dict[tuple, MailBodies] = {}

    def open_ledger(self) -> SendLedger | _NoLedger:
        path = ledger_path(self.project.root)
        if self.options.dry_run and not path.is_file():
            log.warning("no send ledger at %s: the dry run treats every recipient as new", path)
            return _NoLedger()
        return SendLedger.open(path, create=self.options.resend or self.options.mark_sent)

    def mail_version(self, version: BriefVersion, reader: Reader, ledger: SendLedger | _NoLedger) -> None:
        """Mail one brief version to one reader unless they have it; an update says what changed for them."""
        sheet, recipient = version.sheet, reader.address
        if not self.options.resend and self._already_has(version, reader, ledger):
            return
        updated = ledger.received_earlier(version.key, version.digest, recipient)
        since = self.changes.since(version, ledger.last_version(version.key, recipient)) if updated else None
        subject = subject_line(self.settings.subject, sheet, updated=updated)
        footer = self._footer(reader)
        message = compose_message(
            version,
            recipient,
            sender=self.settings.sender_header,
            subject=subject,
            bodies=self._bodies(version, since, reader.language, footer),
            date=self.clock(),
        )
        add_list_headers(message, footer.unsubscribe)
        self._dispatch(version, reader, message, ledger)

    def mail_digest(self, address: str, held: list[tuple[BriefVersion, Reader]], ledger) -> None:
        """Mail a reader one digest of every followed brief version they lack, at most once a day."""
        lacking = [(v, r) for v, r in held if self.options.resend or not self._already_has(v, r, ledger)]
        if not lacking:
            return
        now = self.clock()
        if not self.options.resend and ledger.last_digest_day(address) == now.date().isoformat():
            for version, reader in lacking:
                self._note(version.key, address, "waiting", "already sent today's digest", self._why(reader))
            return
        reader = lacking[0][1]
        language = reader.language or self.project.settings.language
        items = [self._digest_item(version, each, ledger, language) for version, each in lacking]
        footer = MailFooter("", self._footer(reader).unsubscribe)  # each item says why it is there
        message = compose_digest(
            items,
            address,
            sender=self.settings.sender_header,
            subject=digest_subject(items, now.date(), words_for(language, self.theme)),
            bodies=render_digest(items, now.date(), self.theme, language, footer),
            date=now,
            unsubscribe=footer.unsubscribe,
            attach=reader.subscription.attach,
        )
        self._dispatch_digest(lacking, address, message, ledger, now.date().isoformat())

    def _digest_item(self, version: BriefVersion, reader: Reader, ledger, language: str) -> DigestItem:
        address = reader.address
        updated = ledger.received_earlier(version.key, version.digest, address)
        since = self.changes.since(version, ledger.last_version(version.key, address)) if updated else None
        pdf_link = layout.page_url(self.base_url, layout.brief_pdf_path(version.key)) or ""
        why = why_said(reader.reasons, words_for(language, self.theme))
        return DigestItem(version, updated, since, self._link(version.key), pdf_link, why)

    def _dispatch_digest(self, lacking: list, address: str, message, ledger, day: str) -> None:
        """Send, write or record a digest; a sent one is recorded with every version it covered, at once."""
        why = {version.key: self._why(reader) + "; in a daily digest" for version, reader in lacking}
        if self.options.dry_run:
            path = write_eml(self.outbox, f"digest--{address}", message)
            for version, _ in lacking:
                self._note(version.key, address, "written", str(path), why[version.key])
            return
        failure = self.server_failure
        if not failure:
            try:
                self.sender.deliver(message, address)
            except DeliveryFailed as error:
                failure = error.reason
                self.server_failure = error.reason if error.whole_server else self.server_failure
        if failure:
            for version, _ in lacking:
                self._note(version.key, address, "failed", failure, why[version.key])
            return
        ledger.record_digest(address, message["Message-ID"], day, [(v.key, v.digest) for v, _ in lacking])
        for version, _ in lacking:
            self._note(version.key, address, "sent", message["Subject"], why[version.key])

    def _why(self, reader: Reader) -> str:
        """Say why a reader gets a brief, in English for the run's report."""
        return why_said(reader.reasons, words_for("en"))

    def _footer(self, reader: Reader) -> MailFooter:
        """Say to the reader, in their language, why they get it and how to stop."""
        words = words_for(reader.language or self.project.settings.language, self.theme)
        unsubscribe = (
            unsubscribe_address(self.settings.unsubscribe, reader.address) if self.settings.unsubscribe else ""
        )
        return MailFooter(why_said(reader.reasons, words), unsubscribe)

    def _link(self, brief_id: str) -> str:
        path = layout.edition_page_path(brief_id, self.edition) if self.edition else layout.brief_page_path(brief_id)
        return layout.page_url(self.base_url, path) or ""

    def _bodies(
        self, version: BriefVersion, since: ChangesSince | None, language: str | None, footer: MailFooter
    ) -> MailBodies:
        """Render a brief's bodies once for each list of changes, language and footer its readers are told."""
        key = (version.digest, since, language, footer)
        if key not in self._rendered:
            link = self._link(version.key)
            self._rendered[key] = render_bodies(version.sheet, link, self.theme, language, since, footer)
        return self._rendered[key]

    def _already_has(self, version: BriefVersion, reader: Reader, ledger: SendLedger | _NoLedger) -> bool:
        """Tell whether the reader has this version, counting a send from a PDF-keyed ledger once."""
        brief_id, recipient = version.key, reader.address
        if ledger.received(brief_id, version.digest, recipient):
            self._note(brief_id, recipient, "skipped", "already has this version", self._why(reader))
            return True
        if ledger.adopt_legacy(brief_id, version.digest, recipient, record=not self.options.dry_run):
            self._note(brief_id, recipient, "adopted", "had this brief in a ledger from before content versions")
            return True
        return False

    def _dispatch(self, version: BriefVersion, reader: Reader, message, ledger) -> None:
        brief_id, recipient, why = version.key, reader.address, self._why(reader)
        if self.options.dry_run:
            path = write_eml(self.outbox, f"{brief_id}--{recipient}", message)
            self._note(brief_id, recipient, "written", str(path), why)
        elif self.options.mark_sent:
            ledger.record(brief_id, version.digest, recipient, message["Message-ID"], how="marked")
            self._note(brief_id, recipient, "marked", "", why)
        elif self.server_failure:
            self._note(brief_id, recipient, "failed", self.server_failure, why)
        else:
            self._send(version, recipient, message, ledger, why)

    def _send(self, version: BriefVersion, recipient: str, message, ledger: SendLedger, why: str) -> None:
        brief_id = version.key
        try:
            self.sender.deliver(message, recipient)
        except DeliveryFailed as failure:
            if failure.whole_server:
                self.server_failure = failure.reason
            self._note(brief_id, recipient, "failed", failure.reason, why)
            return
        ledger.record(brief_id, version.digest, recipient, message["Message-ID"])
        self._note(brief_id, recipient, "sent", message["Subject"], why)

    def _note(self, brief_id: str, recipient: str, status: str, detail: str = "", why: str = "") -> None:
        log.info("%s to %s: %s %s", brief_id, recipient, status, detail)
        self.summary.outcomes.append(Outcome(brief_id, recipient, status, detail, why))


def write_eml(outbox: Path, stem: str, message) -> Path:
    """Write a message as an .eml file in one move, so a reader never opens half a message."""
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / (re.sub(r"[^A-Za-z0-9@._+-]", "_", stem) + ".eml")
    handle, temporary = tempfile.mkstemp(dir=outbox, prefix=".", suffix=".part")
    with os.fdopen(handle, "wb") as stream:
        stream.write(message.as_bytes(policy=email.policy.SMTP))
    os.replace(temporary, path)
    return path
