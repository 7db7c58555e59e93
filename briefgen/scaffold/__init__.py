"""Starting and extending a project: ``briefgen init`` and ``briefgen theme``.

Owns the starter project (package data under ``starter/``: settings, the real
example brief with its seed and schema, workflows that install the pinned
briefgen), copying the built-in theme out, and the writer both use, which
adds new files whole and never overwrites one.

Layer: under the CLI, beside ``curate``. May import ``briefgen.themes`` and the
base modules. Nothing imports it but the CLI.
"""
