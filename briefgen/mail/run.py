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
from briefgen.mail.changes import ChangesSince, ReaderChanges
from briefgen.mail.compose import (
    BriefVersion,
    MailBodies,
    compose_message,
    render_bodies,
    subject_line,
)
from briefgen.mail.ledger import SendLedger, ledger_path
from briefgen.mail.settings import PASSWORD_VARIABLE, MailSettings, load_mail_settings
from briefgen.mail.smtp import DeliveryFailed, SmtpSender
from briefgen.sheet.loader import LoadedSheet, check_paths
from briefgen.sheet.models import Status
from briefgen.site import layout
from briefgen.themes import Theme

log = logging.getLogger(__name__)

PdfSource = Callable[..., dict[str, bytes]]  # (project, brief ids[, edition=AS_OF]) -> PDF bytes by brief id


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
    status: str  # sent, written, marked, skipped, adopted (from a PDF-keyed ledger) or failed
    detail: str = ""


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


def built_pdfs(project: Project, brief_ids: list[str], edition: str | None = None) -> dict[str, bytes]:
    """Build the briefs' PDFs when missing or out of date (the build is incremental), and return their bytes.

    ``edition`` (an as-of day) asks for that past edition's PDF, which the site keeps beside its page.
    """
    from briefgen.site.build import BuildOptions, build

    if not brief_ids:
        return {}
    site_dir = project.root / "site"
    build(project, BuildOptions(out_dir=site_dir, only=tuple(brief_ids), pdf=True))
    path = (lambda i: layout.edition_file_path(i, edition, "pdf")) if edition else layout.brief_pdf_path
    return {brief_id: (site_dir / path(brief_id)).read_bytes() for brief_id in brief_ids}


def select_sheets(project: Project, brief_ids: list[str], changed: bool) -> list[LoadedSheet]:
    """Pick the published briefs named, or all published briefs for --changed, as loaded with their seeds."""
    if changed == bool(brief_ids):
        raise BriefgenError(
            "name brief ids or use --changed, not both" if changed else "name a brief id or use --changed"
        )
    report = check_paths([project.briefs_dir], project)
    if not report.ok:
        raise ValidationFailed(report.errors)
    loaded = {entry.sheet.id: entry for entry in report.sheets}
    if changed:
        return [entry for _, entry in sorted(loaded.items()) if entry.sheet.status is Status.PUBLISHED]
    unknown = [i for i in brief_ids if i not in loaded]
    if unknown:
        raise BriefgenError(f"no brief with id {', '.join(map(repr, unknown))} in {project.briefs_dir}")
    drafts = [i for i in brief_ids if loaded[i].sheet.status is not Status.PUBLISHED]
    if drafts:
        raise BriefgenError(f"{', '.join(drafts)}: only published briefs are mailed (status is draft)")
    return [loaded[i] for i in dict.fromkeys(brief_ids)]


def select_edition(project: Project, current: LoadedSheet, as_of: str) -> LoadedSheet | None:
    """Load a past edition of a brief by its as-of day from git history; None when it is the working tree's own."""
    brief_id, current_as_of = current.sheet.id, current.sheet.as_of.isoformat()
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
) -> MailSummary:
    """Check everything, build the PDFs, then mail each brief version to each recipient who lacks it."""
    settings = load_mail_settings(project.settings.mail, environ, project.root / "pyproject.toml")
    problems = _settings_problems(project, settings, targets, options, environ)
    if problems:
        raise ConfigError("; ".join(problems), str(project.root / "pyproject.toml"))
    as_of = _edition_day(options, brief_ids)
    selected = select_sheets(project, brief_ids, options.changed)
    past = select_edition(project, selected[0], as_of) if as_of else None
    selected = [past] if past else selected
    run = _MailRun(project, settings, options, environ, edition=as_of if past else None)
    with run.open_ledger() as ledger:
        ids = [entry.sheet.id for entry in selected]
        pdfs = pdf_source(project, ids, edition=as_of) if past else pdf_source(project, ids)
        versions = [BriefVersion(entry.sheet, pdfs[entry.sheet.id], entry.seed_digests) for entry in selected]
        try:
            for version in versions:
                run.mail_version(version, settings.recipients(targets), ledger)
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
    ):
        self.project = project
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

    def mail_version(self, version: BriefVersion, recipients: list[str], ledger: SendLedger | _NoLedger) -> None:
        sheet = version.sheet
        for recipient in recipients:
            if not self.options.resend and self._already_has(version, recipient, ledger):
                continue
            updated = ledger.received_earlier(sheet.id, version.digest, recipient)
            since = self.changes.since(version, ledger.last_version(sheet.id, recipient)) if updated else None
            subject = subject_line(self.settings.subject, sheet, updated=updated)
            message = compose_message(
                version,
                recipient,
                sender=self.settings.sender_header,
                subject=subject,
                bodies=self._bodies(version, since),
                date=dt.datetime.now(dt.UTC),
            )
            self._dispatch(version, recipient, message, ledger)

    def _bodies(self, version: BriefVersion, since: ChangesSince | None) -> MailBodies:
        """Render a brief's bodies once for each list of changes its readers are told, not once per reader."""
        key = (version.digest, since)
        if key not in self._rendered:
            brief_id = version.sheet.id
            path = (
                layout.edition_page_path(brief_id, self.edition) if self.edition else layout.brief_page_path(brief_id)
            )
            link = layout.page_url(self.base_url, path) or ""
            self._rendered[key] = render_bodies(version.sheet, link, Theme.of(self.project), since=since)
        return self._rendered[key]

    def _already_has(self, version: BriefVersion, recipient: str, ledger: SendLedger | _NoLedger) -> bool:
        """Tell whether the recipient has this version, counting a send from a PDF-keyed ledger once."""
        brief_id = version.sheet.id
        if ledger.received(brief_id, version.digest, recipient):
            self._note(brief_id, recipient, "skipped", "already has this version")
            return True
        if ledger.adopt_legacy(brief_id, version.digest, recipient, record=not self.options.dry_run):
            self._note(brief_id, recipient, "adopted", "had this brief in a ledger from before content versions")
            return True
        return False

    def _dispatch(self, version: BriefVersion, recipient: str, message, ledger) -> None:
        brief_id = version.sheet.id
        if self.options.dry_run:
            path = write_eml(self.outbox, f"{brief_id}--{recipient}", message)
            self._note(brief_id, recipient, "written", str(path))
        elif self.options.mark_sent:
            ledger.record(brief_id, version.digest, recipient, message["Message-ID"], how="marked")
            self._note(brief_id, recipient, "marked")
        elif self.server_failure:
            self._note(brief_id, recipient, "failed", self.server_failure)
        else:
            self._send(version, recipient, message, ledger)

    def _send(self, version: BriefVersion, recipient: str, message, ledger: SendLedger) -> None:
        brief_id = version.sheet.id
        try:
            self.sender.deliver(message, recipient)
        except DeliveryFailed as failure:
            if failure.whole_server:
                self.server_failure = failure.reason
            self._note(brief_id, recipient, "failed", failure.reason)
            return
        ledger.record(brief_id, version.digest, recipient, message["Message-ID"])
        self._note(brief_id, recipient, "sent", message["Subject"])

    def _note(self, brief_id: str, recipient: str, status: str, detail: str = "") -> None:
        log.info("%s to %s: %s %s", brief_id, recipient, status, detail)
        self.summary.outcomes.append(Outcome(brief_id, recipient, status, detail))


def write_eml(outbox: Path, stem: str, message) -> Path:
    """Write a message as an .eml file in one move, so a reader never opens half a message."""
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / (re.sub(r"[^A-Za-z0-9@._+-]", "_", stem) + ".eml")
    handle, temporary = tempfile.mkstemp(dir=outbox, prefix=".", suffix=".part")
    with os.fdopen(handle, "wb") as stream:
        stream.write(message.as_bytes(policy=email.policy.SMTP))
    os.replace(temporary, path)
    return path
