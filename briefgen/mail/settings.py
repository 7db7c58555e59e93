"""The ``[tool.briefgen.mail]`` settings: validated, overridden from the environment, resolved to recipients."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefgen.errors import ConfigError

PASSWORD_VARIABLE = "BRIEFGEN_SMTP_PASSWORD"
ENVIRONMENT_OVERRIDES = {
    "BRIEFGEN_SMTP_HOST": "host",
    "BRIEFGEN_SMTP_PORT": "port",
    "BRIEFGEN_SMTP_SECURITY": "security",
    "BRIEFGEN_SMTP_USER": "username",
    "BRIEFGEN_SMTP_CA_FILE": "ca_file",
    "BRIEFGEN_SMTP_RETRY_DELAY": "retry_delay",
}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
SUBJECT_FIELDS = ("handling", "title", "as_of", "id")
DEFAULT_SUBJECT = "[{handling}] {title} (as of {as_of})"

# Deliberately plain ASCII: one @, no spaces or brackets, a dot in the domain. Enough to catch typos,
# and nothing a server without SMTPUTF8 would refuse.
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: object) -> str:
    """Show a value from the settings or the command line in a message, its control characters as escapes.

    A CR or LF echoed as it is would split one problem over several lines, and could
    make the rest read as a line of its own.
    """
    return _CONTROL.sub(lambda found: _ESCAPES.get(found.group()) or f"\\u{ord(found.group()):04x}", str(text))


def is_address(text: str) -> bool:
    """Tell whether ``text`` is a bare e-mail address (no display name)."""
    return bool(_ADDRESS.fullmatch(text))


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` names this machine, without asking DNS (which could be lied to)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_COUNTRY = re.compile(r"^[A-Z]{2}$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_UNSUBSCRIBE = re.compile(r"^(mailto:[^\s<>,]+@[^\s<>,]+|https://[^\s<>,]+)$")
ADDRESS_PLACEHOLDER = "{address}"  # in the unsubscribe address: the reader's, percent-encoded


class Subscription(BaseModel):
    """What one reader follows: briefs by country, tag or id, and how they are mailed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    countries: tuple[str, ...] = Field(default=(), description="ISO 3166-1 alpha-2 codes, e.g. ML.")
    tags: tuple[str, ...] = ()
    briefs: tuple[str, ...] = Field(default=(), description="Brief ids.")
    language: str | None = Field(default=None, description="The language the mail speaks, e.g. fr.")
    digest: Literal["none", "daily"] = Field(default="none", description="daily: one message a day for all.")
    attach: bool = Field(default=False, description="Attach the PDFs to a digest (single messages always do).")

    @field_validator("countries")
    @classmethod
    def _check_countries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [code for code in value if not _COUNTRY.fullmatch(code)]
        if bad:
            raise ValueError(f"'{escaped(bad[0])}' is not a country code such as ML (two capital letters)")
        return value

    @field_validator("tags", "briefs")
    @classmethod
    def _check_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [name for name in value if not _TAG.fullmatch(name)]
        if bad:
            raise ValueError(f"'{escaped(bad[0])}' is not a tag or brief id (lower case letters, digits, hyphens)")
        return value

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
            raise ValueError(f"'{escaped(value)}' is not a language tag such as fr")
        return value

    @property
    def follows_nothing(self) -> bool:
        return not (self.countries or self.tags or self.briefs)


class MailSettings(BaseModel):
    """Where mail goes from and through, and who is on which distribution list."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    sender: str = Field(default="", alias="from", description="From address, optionally 'Name <addr>'.")
    subject: str = DEFAULT_SUBJECT
    host: str = ""
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    ca_file: str = Field(default="", description="Extra CA certificate (PEM) to trust, e.g. a self-signed relay.")
    timeout: float = Field(default=30.0, gt=0)
    attempts: int = Field(default=4, ge=1, le=20, description="Tries per message before giving up.")
    retry_delay: float = Field(default=2.0, ge=0, description="Seconds before the first retry; doubles each time.")
    lists: dict[str, list[str]] = {}
    list_languages: dict[str, str] = Field(
        default={},
        description="The language a list reads, by list name: its readers get the brief's version in it, where there is one.",
    )
    subscriptions: dict[str, Subscription] = {}
    unsubscribe: str = Field(
        default="",
        description="Where a reader unsubscribes: mailto: or https: (one-click, RFC 8058); {address} is the reader's.",
    )

    @field_validator("list_languages")
    @classmethod
    def _check_list_languages(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [tag for tag in value.values() if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag)]
        if bad:
            raise ValueError(f"'{escaped(bad[0])}' is not a language tag such as fr")
        return value

    def language_of(self, reasons: tuple) -> str | None:
        """Say which language a reader named with --to reads: that of the first of their lists to name one."""
        named = [self.list_languages[r.value] for r in reasons if r.kind == "list" and r.value in self.list_languages]
        return named[0] if named else None

    @field_validator("subscriptions")
    @classmethod
    def _check_subscriptions(cls, value: dict[str, Subscription]) -> dict[str, Subscription]:
        bad = [address for address in value if not is_address(address)]
        if bad:
            raise ValueError(f"'{escaped(bad[0])}' is not an address; key each subscription by the reader's address")
        empty = [address for address, subscription in value.items() if subscription.follows_nothing]
        if empty:
            raise ValueError(f"{empty[0]} follows nothing; give countries, tags or briefs")
        return value

    @field_validator("unsubscribe")
    @classmethod
    def _check_unsubscribe(cls, value: str) -> str:
        if value and (_CONTROL.search(value) or not _UNSUBSCRIBE.fullmatch(value)):
            raise ValueError(
                f"'{escaped(value)}' is not a mailto: or https: address without spaces, commas or angle brackets"
            )
        return value

    @field_validator("sender")
    @classmethod
    def _check_sender(cls, value: str) -> str:
        if value and (_CONTROL.search(value) or not is_address(parseaddr(value)[1])):
            raise ValueError(f"'{escaped(value)}' is not an address such as 'Briefs desk <briefs@example.org>'")
        return value

    @field_validator("subject")
    @classmethod
    def _check_subject(cls, value: str) -> str:
        unknown = [name for name in _PLACEHOLDER.findall(value) if name not in SUBJECT_FIELDS]
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{escaped(unknown[0])}}}; use {', '.join('{' + f + '}' for f in SUBJECT_FIELDS)}"
            )
        return value

    @field_validator("lists")
    @classmethod
    def _check_lists(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [
            f"{escaped(name)}: '{escaped(a)}'" for name, members in value.items() for a in members if not is_address(a)
        ]
        if bad:
            raise ValueError(f"malformed address in list {'; '.join(bad)}")
        clashes = [name for name in value if is_address(name)]
        if clashes:
            raise ValueError(f"list name '{escaped(clashes[0])}' looks like an address; pick a plain name")
        return value

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @property
    def sender_header(self) -> str:
        name, address = parseaddr(self.sender)
        return formataddr((name, address)) if name else address

    @property
    def smtp_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    def recipients(self, targets: list[str]) -> list[str]:
        """Expand list names and addresses into unique recipients, in the order given."""
        found: dict[str, str] = {}
        for target in targets:
            members = [target] if is_address(target) else self.lists.get(target)
            for address in members or []:
                found.setdefault(address.lower(), address)
        return list(found.values())

    def problems(self, targets: list[str], *, sending: bool) -> list[str]:
        """List everything that stops a run, before anything is sent."""
        problems = [
            f"--to {escaped(t)}: no list named '{escaped(t)}' and not an address" for t in targets if not self._known(t)
        ]
        if not targets and not self.subscriptions:
            problems.append("say who to mail with --to LIST_OR_ADDRESS, or add [tool.briefgen.mail.subscriptions]")
        if self.subscriptions and not self.unsubscribe:
            problems.append("tool.briefgen.mail.unsubscribe: set where subscribers unsubscribe (mailto: or https:)")
        if not self.sender:
            problems.append("tool.briefgen.mail.from: set the From address")
        if sending and not self.host:
            problems.append("tool.briefgen.mail.host: set the SMTP host (or BRIEFGEN_SMTP_HOST)")
        if sending and self.security == "none" and self.host and not is_loopback(self.host):
            problems.append(
                f"tool.briefgen.mail.security: 'none' is allowed only for a loopback host, not {escaped(self.host)}"
            )
        return problems

    def _known(self, target: str) -> bool:
        return is_address(target) or target in self.lists


def load_mail_settings(table: Mapping, environ: Mapping[str, str], source: Path | None = None) -> MailSettings:
    """Validate ``[tool.briefgen.mail]`` with environment overrides; name every bad key."""
    merged = dict(table)
    for variable, key in ENVIRONMENT_OVERRIDES.items():
        if environ.get(variable):
            merged[key] = environ[variable]
    try:
        return MailSettings.model_validate(merged)
    except ValidationError as error:
        problems = "; ".join(
            f"tool.briefgen.mail.{'.'.join(map(escaped, e['loc']))}: {escaped(e['msg'].removeprefix('Value error, '))}"
            for e in error.errors()
        )
        raise ConfigError(problems, str(source) if source else None) from None
