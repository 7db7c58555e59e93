"""The send ledger: which version of which brief each recipient has received, committed per message."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from briefgen.errors import BriefgenError

LEDGER_NAME = "mail-ledger.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    brief_id   TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    message_id TEXT NOT NULL,
    how        TEXT NOT NULL CHECK (how IN ('sent', 'marked')),
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (brief_id, pdf_sha256, recipient)
)
"""


class LedgerMissing(BriefgenError):
    """Raised when no ledger exists and the run could re-send what was already sent."""


def ledger_path(root: Path) -> Path:
    """Return where a project's ledger lives: ``.briefgen/`` under its root (git-ignored)."""
    return root / ".briefgen" / LEDGER_NAME


class SendLedger:
    """An SQLite table of sends; each row is committed before the next message goes out."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self._connection = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool) -> SendLedger:
        """Open the ledger; create it only when asked, so a lost ledger is noticed, not silently restarted."""
        if not path.is_file() and not create:
            raise LedgerMissing(
                "no send ledger here; if it was lost, restore it (nothing is re-sent without --resend); "
                "for a first send from this checkout, add --resend, or --mark-sent to record the current "
                "versions as already sent",
                str(path),
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute(_SCHEMA)
        return cls(connection, path)

    def received(self, brief_id: str, digest: str, recipient: str) -> bool:
        """Tell whether this recipient already has this version of the brief."""
        row = self._connection.execute(
            "SELECT 1 FROM sends WHERE brief_id = ? AND pdf_sha256 = ? AND recipient = ?",
            (brief_id, digest, recipient.lower()),
        ).fetchone()
        return row is not None

    def received_earlier(self, brief_id: str, digest: str, recipient: str) -> bool:
        """Tell whether this recipient has another version of the brief, so the new one is an update."""
        row = self._connection.execute(
            "SELECT 1 FROM sends WHERE brief_id = ? AND pdf_sha256 != ? AND recipient = ?",
            (brief_id, digest, recipient.lower()),
        ).fetchone()
        return row is not None

    def record(self, brief_id: str, digest: str, recipient: str, message_id: str, *, how: str = "sent") -> None:
        """Commit one send at once, so a run killed after this point never repeats it."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._connection.execute(
            "INSERT OR IGNORE INTO sends VALUES (?, ?, ?, ?, ?, ?)",
            (brief_id, digest, recipient.lower(), message_id, how, now),
        )

    def rows(self) -> list[tuple]:
        """Return every row, oldest first, for reports and tests."""
        return self._connection.execute("SELECT * FROM sends ORDER BY sent_at, rowid").fetchall()

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> SendLedger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
