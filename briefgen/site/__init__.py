"""From valid fact sheets to the HTML site.

Owns the brief context both outputs render from, the Jinja environment and safe
markdown, the site's pages and where each one goes, the build plan and its
content-hash cache, the staged output (the only writer of the site) and the
build itself, which hands PDFs to ``briefgen.pdf`` workers.

May import: ``briefgen.sheet``, ``briefgen.figures`` (the brief context draws them),
``briefgen.errors``, ``briefgen.paths``, ``briefgen.config``; ``briefgen.pdf`` only
lazily, inside the build's workers.
"""
