"""Analysts' tools beside the pipeline: ``briefgen new`` drafts a fact sheet from an
article, ``briefgen serve`` previews the site and rebuilds it as sheets change.

May import anything below it: ``briefgen.sheet``, ``briefgen.article``,
``briefgen.site``, ``briefgen.pdf``. Nothing imports ``curate`` but the CLI.
"""
