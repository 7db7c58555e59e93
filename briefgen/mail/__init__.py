"""Mailing briefs to distribution lists, each version to each reader exactly once.

``compose`` is pure (values in, a message out); ``ledger`` records what was sent,
one commit per message; ``smtp`` is the only module that touches the network;
``settings`` validates ``[tool.briefgen.mail]``; ``changes`` finds, in the project's
history, the version a reader last received and says what changed since; ``run``
ties them together.

Layer: under the CLI, beside ``shards``. May import ``briefgen.site`` (to build and
find PDFs, and the web page's address), ``briefgen.editions`` (history and
comparison), ``briefgen.sheet``, ``briefgen.i18n``, ``briefgen.themes`` and the base modules.
"""
