"""Editions of a brief and what changed between them.

Owns reading the project's history from git (``git``, the only module that runs
git), placing each committed version of a brief among its editions and numbering
them (``history``), loading a past edition from its blobs through the sheet
loader (``archive``), the item-by-item comparison of two editions and its
reader-facing wording (``compare``, ``wording``: pure), and what the build and the
CLI ask of editions (``publish``, ``review``).

May import: ``briefgen.sheet`` (past editions are read by its loader, from bytes),
``briefgen.errors``, ``briefgen.config``, ``briefgen.paths``, and from
``briefgen.site`` only the pure modules that say things (``context`` labels,
``countries``, ``templating`` markdown, ``pages`` paths, ``cache`` digests). The
site's plan and build call in here; nothing here imports them.
"""
