"""The figures of a brief: a locator map, a casualty-claims chart and a relations diagram.

Pure: values in, SVG strings out, the same bytes every time. ``brief`` turns a
sheet and its render context into the three figures (or leaves one out when it
would show nothing); ``locator`` with ``frame`` and ``furniture`` draws the map,
``claims`` the chart, ``relations`` the diagram; ``geometry`` and ``svg`` are
their shared tools. ``boundaries`` reads the one data file shipped here,
``data/admin0.json`` (Natural Earth, made by ``tools/update_boundaries.py``),
once per process.

Layer: under the site, beside ``editions`` and ``pdf``. May import ``briefgen.sheet``,
``briefgen.i18n`` (every word a figure draws), ``markupsafe`` (to hand templates safe SVG) and the standard library;
``briefgen.site.context`` calls in here.
"""
