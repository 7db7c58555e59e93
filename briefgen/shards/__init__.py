"""Spread a build over machines: a CI matrix of shard jobs, then one merge.

``assign`` gives each fact sheet to a shard (a stable hash of its file name),
filters the build's plan to one shard's share and says how much is stale;
``part`` renders a share into a part folder with a manifest that says what it
was built from; ``merge`` checks the parts against the plan it makes itself and
takes the briefs' files from them in place of rendering, so the one writer
swaps in the site one machine would have built, byte for byte.

Layer: under the CLI, beside ``mail``. May import ``briefgen.site`` (its plan,
render and write steps) and the base modules.
"""
