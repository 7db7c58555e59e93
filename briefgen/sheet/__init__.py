"""The fact-sheet format and reading it.

Owns the models and their JSON Schema, dates with their precision, the YAML tree
that keeps every value's line and column, the messages for schema errors,
cross-references, provenance (quote folding and matching), figure forms (a figure
worded as its source says it, and the numbers it allows), how values read
(``labels``, ``countries``, ``markdown``), curation warnings, the peek that
places a sheet without validating it, and ``versions``: how a brief's versions in
several languages are named, and that their facts agree. Everything here is pure except ``loader``,
the only module that reads fact sheets and seed texts, from disk or from bytes a
past version was kept in.

Layer: under the site and its parts. May import ``briefgen.article`` (the warnings
read figures out of prose), ``briefgen.i18n`` (values said in a brief's language) and the base modules.
"""
