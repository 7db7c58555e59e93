"""Print HTML to PDF with WeasyPrint.

Owns the warmed-up workers (stylesheet parsed and fonts set up once per process),
the fetcher that lets WeasyPrint load only the project's own templates, assets
and brief images; ``svg_text``, which has WeasyPrint lay out the figures' SVG
labels as whole strings rather than letter by letter; and the font clock that
dates every font written by the brief's as-of day, so PDF bytes depend only on
the inputs. WeasyPrint is imported late: HTML-only builds never pay for it.

May import: ``briefgen.site.context`` and ``briefgen.site.templating`` (the print
page is rendered from the same context as the web page), ``briefgen.paths``,
``briefgen.config``.
"""
