"""A real SMTP server on 127.0.0.1 for the mail tests, with handlers that misbehave on purpose."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import ipaddress
import os
import shutil
import signal
import socket
import sqlite3
import ssl
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.conftest import ROOT

BRIEF_ID = "mali-ukraine-rupture"
LISTS = {
    "desk": ["ana@example.org", "Bo@Example.org", "chen@example.net"],
    "board": ["chen@example.net", "dara@example.com"],
}


@dataclass
class Delivery:
    """One message the server accepted: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)


@dataclass
class RecordingHandler:
    """Accept mail and keep it; optionally answer 421 first, refuse some recipients, or kill the client."""

    transient_failures: int = 0
    refuse: set[str] = field(default_factory=set)
    kill_at: int = 0
    kill_after_accepting: bool = False
    victim: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    data_commands: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.transient_failures:
            self.transient_failures -= 1
            return "421 4.3.2 Service busy, try again later"
        if self.kill_at and self.data_commands == self.kill_at:
            while not self.victim:  # the test sets the pid right after starting the process
                await asyncio.sleep(0.01)
            if self.kill_after_accepting:
                self._keep(envelope)
            os.kill(self.victim, signal.SIGKILL)
            return "451 4.3.0 client is gone"
        self._keep(envelope)
        return "250 2.0.0 Message accepted"

    def _keep(self, envelope) -> None:
        self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))

    def to(self, address: str) -> list[Delivery]:
        """Return the deliveries whose envelope names this recipient."""
        return [d for d in self.deliveries if address.lower() in (r.lower() for r in d.rcpt_tos)]


def free_port() -> int:
    """Ask the kernel for a port nobody is listening on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(handler: RecordingHandler, **smtp_options):
    """Run aiosmtpd on 127.0.0.1 for the duration of a with-block; yield its port."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **smtp_options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Make a key and a self-signed certificate for 127.0.0.1 and localhost; return their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefgen test relay")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "relay-key.pem", folder / "relay-cert.pem"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def server_tls_context(key_path: Path, cert_path: Path) -> ssl.SSLContext:
    """Return the server side of TLS for aiosmtpd."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


def password_checker(username: str, password: str):
    """Return an aiosmtpd authenticator that accepts exactly this login."""

    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == username and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)

    return check


def toml_value(value) -> str:
    """Write a small Python value as TOML (strings, numbers, lists of strings, tables of lists)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def make_project(folder: Path, port: int, **mail) -> Path:
    """Copy the example brief, seeds and templates into a throwaway project that mails to 127.0.0.1:port."""
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "templates", folder / "templates")
    (folder / "briefs").mkdir()
    shutil.copy(ROOT / "briefs" / f"{BRIEF_ID}.yaml", folder / "briefs")
    write_settings(folder, port, **mail)
    return folder


def write_settings(folder: Path, port: int, **mail) -> None:
    """Write a project's pyproject.toml: a base URL, and mail to the lists through 127.0.0.1:port."""
    table = {
        "from": "Briefs desk <briefs@newsroom.example>",
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "retry_delay": 0.01,
        "timeout": 10.0,
        "lists": LISTS,
        **mail,
    }
    lines = ["[tool.briefgen]", 'base_url = "https://briefs.example.org/"', "", "[tool.briefgen.mail]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_title(project_root: Path, title: str) -> None:
    """Change the example brief's title, as an editor would."""
    path = project_root / "briefs" / f"{BRIEF_ID}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + 1
    end = text.index("\n", start)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    path.write_text(text[:start] + f'title: "{quoted}"' + text[end:], encoding="utf-8")


OLD_LEDGER_SCHEMA = """
CREATE TABLE sends (
    brief_id   TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    message_id TEXT NOT NULL,
    how        TEXT NOT NULL CHECK (how IN ('sent', 'marked')),
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (brief_id, pdf_sha256, recipient)
)
"""


def write_old_ledger(root: Path, recipients: list[str]) -> None:
    """Write a ledger as briefgen wrote it before content versions: sends keyed on a PDF's SHA-256."""
    path = root / ".briefgen" / "mail-ledger.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    old_pdf = hashlib.sha256(b"a PDF stamped by yesterday's clock").hexdigest()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(OLD_LEDGER_SCHEMA)
        for recipient in recipients:
            row = (BRIEF_ID, old_pdf, recipient.lower(), f"<old.{recipient}>", "sent", "2024-08-05T09:00:00+00:00")
            connection.execute("INSERT INTO sends VALUES (?, ?, ?, ?, ?, ?)", row)
    connection.close()
