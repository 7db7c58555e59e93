"""From valid fact sheets to the HTML site and its PDFs: the build.

The build reads as plan, render, write (``build``): ``plan`` lists every output
with its key and whether it is due, ``render`` makes the due ones (in ``workers``
when there is much to do), ``write`` stages them and swaps the site in (``output``,
the only writer). Around them: ``layout``, the one module for paths and URLs;
``manifest``, the typed records kept beside the site; ``cache``, the keys;
``editions``, what the build asks of history; ``context``, ``pages``, ``cards`` and
``templating``, what is rendered and how.

Layer: under the tools (mail, shards, curate). May import ``briefgen.editions``,
``briefgen.figures``, ``briefgen.pdf``, ``briefgen.sheet``, ``briefgen.article``,
``briefgen.i18n``, ``briefgen.themes`` and the base modules.
"""
