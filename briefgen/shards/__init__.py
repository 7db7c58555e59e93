"""Spread a build over machines: a CI matrix of shard jobs, then one merge.

``assign`` gives each fact sheet to a shard (a stable hash of its file name)
and plans how much is stale; ``part`` builds one shard's part, its share of
the stale work with a manifest that says what it was built from; ``merge``
checks the parts against the inputs it sees and assembles the site, byte for
byte what one machine would have built, through the one staged writer.

May import: ``briefgen.site`` (the build it extends), ``briefgen.sheet``,
``briefgen.errors``, ``briefgen.paths``, ``briefgen.config``.
"""
