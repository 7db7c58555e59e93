"""The fact-sheet format and reading it.

Owns the models and their JSON Schema, dates with their precision, the YAML tree
that keeps every value's line and column, the messages for schema errors,
cross-references, provenance (quote folding and matching), figure forms (a figure
worded as its source says it, and the numbers it allows), curation warnings, and
the peek that places a past version of a sheet in history without validating it.
Everything here is pure except ``loader``, the only module that reads fact sheets
and seed texts, from disk or from bytes a past version was kept in.

May import: ``briefgen.errors``, ``briefgen.paths``, ``briefgen.config`` and
``briefgen.article`` (the warnings read figures out of prose). Never the site,
PDF, mail or curation packages.
"""
