"""Editions of a brief and what changed between them.

Owns reading the project's history from git (``git``, the only module that runs
git), placing each committed version of a brief among its editions and numbering
them (``history``), loading a past edition from its blobs through the sheet
loader (``archive``), the item-by-item comparison of two editions and its
reader-facing wording (``compare``, ``wording``: pure), and what a desk asks
before publishing (``review``: ``history`` and ``diff``).

Layer: under the site, beside ``figures`` and ``pdf``. May import ``briefgen.sheet``
and the base modules. The site's build asks here (``briefgen.site.editions``);
nothing here imports the site.
"""
