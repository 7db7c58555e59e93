"""Analysts' tools beside the pipeline: ``briefgen new`` drafts a fact sheet from an
article, ``briefgen serve`` previews the site and rebuilds it as sheets change.

Layer: under the CLI, beside ``scaffold``. May import ``briefgen.site``, ``briefgen.pdf``,
``briefgen.sheet``, ``briefgen.article`` and the base modules. Nothing imports it but the CLI.
"""
