"""Deliver messages over SMTP: one connection reused, transient faults retried with backoff."""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from briefgen.mail.settings import MailSettings

log = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """A message could not be delivered to one recipient; ``reason`` is safe to show."""

    def __init__(self, reason: str, *, whole_server: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.whole_server = whole_server


class _Transient(Exception):
    """A fault worth another try: 4xx replies, refused or dropped connections, timeouts."""


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


def classify(error: Exception) -> tuple[bool, str]:
    """Tell whether an SMTP fault is transient, and describe it with the server's reply."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return 400 <= code < 500, _reply(code, text)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500, _reply(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True, f"connection dropped ({error})"
    if isinstance(error, ssl.SSLError):
        detail = getattr(error, "verify_message", None) or error.reason or str(error)
        return False, f"TLS failed: {detail} (to trust a private certificate, set ca_file)"
    if isinstance(error, smtplib.SMTPException):
        return False, str(error)
    if isinstance(error, OSError):
        return True, f"{type(error).__name__}: {error.strerror or error}"
    raise error


class SmtpSender:
    """Send one message per call to the configured server, retrying transient faults a bounded number of times."""

    def __init__(
        self,
        settings: MailSettings,
        password: str | None,
        root: Path,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self._password = password
        self._root = root
        self._sleep = sleep
        self._smtp: smtplib.SMTP | None = None

    @property
    def server(self) -> str:
        return f"{self.settings.host}:{self.settings.smtp_port}"

    def deliver(self, message: EmailMessage, recipient: str) -> None:
        """Deliver to one recipient or raise DeliveryFailed naming the recipient and the server's reply."""
        delay = self.settings.retry_delay
        for attempt in range(1, self.settings.attempts + 1):
            try:
                self._send_once(message, recipient)
                return
            except _Transient as fault:
                log.warning(
                    "%s: attempt %d of %d failed: %s",
                    recipient,
                    attempt,
                    self.settings.attempts,
                    self._redact(str(fault)),
                )
                self.close()
                if attempt < self.settings.attempts:
                    self._sleep(delay)
                    delay *= 2
                else:
                    raise DeliveryFailed(self._redact(f"{self.server} replied {fault} (gave up)")) from None

    def _send_once(self, message: EmailMessage, recipient: str) -> None:
        smtp = self._connection()
        try:
            smtp.send_message(message, from_addr=self.settings.sender_address, to_addrs=[recipient])
        except Exception as error:
            transient, reply = classify(error)
            if transient:
                raise _Transient(reply) from None
            self._reset(smtp)
            raise DeliveryFailed(self._redact(f"{self.server} replied {reply}")) from None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except Exception as error:
                transient, reply = classify(error)
                if transient:
                    raise _Transient(reply) from None
                raise DeliveryFailed(self._redact(f"{self.server}: {reply}"), whole_server=True) from None
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        host, port, timeout = settings.host, settings.smtp_port, settings.timeout
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=self._tls_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            smtp.ehlo()
            if settings.security == "starttls":
                smtp.starttls(context=self._tls_context())
                smtp.ehlo()
            if settings.username:
                smtp.login(settings.username, self._password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.settings.ca_file:
            context.load_verify_locations(cafile=str(self._root / self.settings.ca_file))
        return context

    def _reset(self, smtp: smtplib.SMTP) -> None:
        """Leave the connection ready for the next recipient after a refused one."""
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def _redact(self, text: str) -> str:
        return text.replace(self._password, "********") if self._password else text

    def close(self) -> None:
        """Say goodbye politely when possible; drop the socket either way."""
        if self._smtp is None:
            return
        smtp, self._smtp = self._smtp, None
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
