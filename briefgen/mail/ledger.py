"""The send ledger: which version of which brief each recipient has received, committed per message.

A version is the hash of a brief's content (see ``compose.content_digest``). Ledgers from
before content versions keyed each send on the SHA-256 of the PDF, which changed with every
font tool's clock; their table, ``sends``, is kept as it was and never written again. The
first time a brief is mailed to a reader who is in that old table for it but not yet in the
new one, the reader is taken to have the brief's current content, recorded as ``adopted``,
and nothing is sent: an old row cannot say which content it was, and re-mailing every brief
to every reader is the very fault the new key removes.

One run at a time holds a ledger: opening it takes a lock (``mail-ledger.lock`` beside it)
that closing it drops, and a second run that opens it meanwhile waits, saying so once, and
then finds in the ledger what the first sent. A run decides whom to send to one reader at
a time, reading the ledger; two runs interleaving those reads and their sends would each
send to readers the other had not yet recorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.site.output import exclusive_lock

log = logging.getLogger(__name__)

LEDGER_NAME = "mail-ledger.sqlite"
LOCK_NAME = "mail-ledger.lock"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    brief_id   TEXT NOT NULL,
    version    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    message_id TEXT NOT NULL,
    how        TEXT NOT NULL CHECK (how IN ('sent', 'marked', 'adopted')),
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (brief_id, version, recipient)
)
"""
# What each digest covered: one row per digest, one per brief version in it. A version a digest
# covered is in deliveries too, so a single message never repeats it, nor a later digest.
_DIGEST_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS digests (
    message_id TEXT PRIMARY KEY,
    recipient  TEXT NOT NULL,
    day        TEXT NOT NULL,
    sent_at    TEXT NOT NULL
)
""",
    """
CREATE TABLE IF NOT EXISTS digest_items (
    message_id TEXT NOT NULL REFERENCES digests (message_id),
    brief_id   TEXT NOT NULL,
    version    TEXT NOT NULL,
    PRIMARY KEY (message_id, brief_id)
)
""",
)
LEGACY_TABLE = "sends"  # rows keyed on the PDF's SHA-256, written by briefgen before content versions


class LedgerMissing(BriefgenError):
    """Raised when no ledger exists and the run could re-send what was already sent."""


def ledger_path(root: Path) -> Path:
    """Return where a project's ledger lives: ``.briefgen/`` under its root (git-ignored)."""
    return root / ".briefgen" / LEDGER_NAME


class SendLedger:
    """An SQLite table of sends; each row is committed before the next message goes out."""

    def __init__(self, connection: sqlite3.Connection, path: Path, held: contextlib.ExitStack | None = None):
        self._connection = connection
        self.path = path
        self.has_legacy = _table_exists(connection, LEGACY_TABLE)
        self._held = held or contextlib.ExitStack()  # the run's lock on the ledger, dropped on close

    @classmethod
    def open(cls, path: Path, *, create: bool) -> SendLedger:
        """Open the ledger for one run, waiting for any other run that has it; create it only when asked.

        Never created unasked, so a lost ledger is noticed, not silently restarted.
        """
        if not path.is_file() and not create:
            raise LedgerMissing(
                "no send ledger here; if it was lost, restore it (nothing is re-sent without --resend); "
                "for a first send from this checkout, add --resend, or --mark-sent to record the current "
                "versions as already sent",
                str(path),
            )
        held = contextlib.ExitStack()
        with held:
            held.enter_context(exclusive_lock(path.with_name(LOCK_NAME), "briefgen mail run", log.warning))
            connection = sqlite3.connect(path, isolation_level=None)
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute(_SCHEMA)
            for table in _DIGEST_SCHEMA:
                connection.execute(table)
            return cls(connection, path, held.pop_all())

    def received(self, brief_id: str, version: str, recipient: str) -> bool:
        """Tell whether this recipient already has this version of the brief."""
        row = self._connection.execute(
            "SELECT 1 FROM deliveries WHERE brief_id = ? AND version = ? AND recipient = ?",
            (brief_id, version, recipient.lower()),
        ).fetchone()
        return row is not None

    def received_earlier(self, brief_id: str, version: str, recipient: str) -> bool:
        """Tell whether this recipient has another version of the brief, so the new one is an update."""
        row = self._connection.execute(
            "SELECT 1 FROM deliveries WHERE brief_id = ? AND version != ? AND recipient = ?",
            (brief_id, version, recipient.lower()),
        ).fetchone()
        return row is not None or self._legacy_message_id(brief_id, recipient) is not None

    def last_version(self, brief_id: str, recipient: str) -> str | None:
        """Return the version of the brief this recipient received last, to tell them what changed since."""
        row = self._connection.execute(
            "SELECT version FROM deliveries WHERE brief_id = ? AND recipient = ? ORDER BY sent_at DESC, rowid DESC",
            (brief_id, recipient.lower()),
        ).fetchone()
        return None if row is None else row[0]

    def adopt_legacy(self, brief_id: str, version: str, recipient: str, *, record: bool = True) -> bool:
        """Map an old PDF-keyed send to this content version on first use; tell whether there was one.

        Only a reader with no content-keyed row for the brief is mapped, so after the first use the
        old table no longer counts for that brief and reader: a later edit goes out as an update.
        """
        if self._has_any_version(brief_id, recipient):
            return False
        legacy_id = self._legacy_message_id(brief_id, recipient)
        if legacy_id is None:
            return False
        if record:
            self.record(brief_id, version, recipient, legacy_id, how="adopted")
        return True

    def record(self, brief_id: str, version: str, recipient: str, message_id: str, *, how: str = "sent") -> None:
        """Commit one send at once, so a run killed after this point never repeats it."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._connection.execute(
            "INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, ?, ?, ?)",
            (brief_id, version, recipient.lower(), message_id, how, now),
        )

    def record_digest(self, recipient: str, message_id: str, day: str, items: list[tuple[str, str]]) -> None:
        """Commit a sent digest and every (brief id, version) it covered in one transaction: all or nothing."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        reader = recipient.lower()
        with _transaction(self._connection):
            self._connection.execute(
                "INSERT OR IGNORE INTO digests VALUES (?, ?, ?, ?)", (message_id, reader, day, now)
            )
            for brief_id, version in items:
                self._connection.execute(
                    "INSERT OR IGNORE INTO digest_items VALUES (?, ?, ?)", (message_id, brief_id, version)
                )
                self._connection.execute(
                    "INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, ?, 'sent', ?)",
                    (brief_id, version, reader, message_id, now),
                )

    def last_digest_day(self, recipient: str) -> str | None:
        """Return the day (YYYY-MM-DD, UTC) of the last digest this reader was sent, if any."""
        row = self._connection.execute(
            "SELECT max(day) FROM digests WHERE recipient = ?", (recipient.lower(),)
        ).fetchone()
        return row[0]

    def digest_rows(self) -> list[tuple]:
        """Return every digest's items as (recipient, day, brief id, version), for reports and tests."""
        return self._connection.execute(
            "SELECT d.recipient, d.day, i.brief_id, i.version FROM digests d JOIN digest_items i USING (message_id) "
            "ORDER BY d.day, d.rowid, i.brief_id"
        ).fetchall()

    def rows(self) -> list[tuple]:
        """Return every row, oldest first, for reports and tests."""
        return self._connection.execute("SELECT * FROM deliveries ORDER BY sent_at, rowid").fetchall()

    def _has_any_version(self, brief_id: str, recipient: str) -> bool:
        row = self._connection.execute(
            "SELECT 1 FROM deliveries WHERE brief_id = ? AND recipient = ?", (brief_id, recipient.lower())
        ).fetchone()
        return row is not None

    def _legacy_message_id(self, brief_id: str, recipient: str) -> str | None:
        """Return the newest old PDF-keyed send of this brief to this recipient, if the ledger has one."""
        if not self.has_legacy:
            return None
        row = self._connection.execute(
            f"SELECT message_id FROM {LEGACY_TABLE} WHERE brief_id = ? AND recipient = ? "
            "ORDER BY sent_at DESC, rowid DESC LIMIT 1",
            (brief_id, recipient.lower()),
        ).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        self._connection.close()
        self._held.close()

    def __enter__(self) -> SendLedger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _table_exists(connection: sqlite3.Connection, name: str) -> bool:
    row = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection):
    """Run statements as one transaction on an autocommit connection: committed together or not at all."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
