"""Print HTML to PDF with WeasyPrint.

Owns the warmed-up workers (stylesheet parsed and fonts set up once per process),
the fetcher that lets WeasyPrint load only the project's own theme files and
brief images; ``svg_text``, which has WeasyPrint lay out the figures' SVG
labels as whole strings rather than letter by letter; ``fitting``, which scales or
moves a figure that would leave a page half empty; ``tags``, which ties table
headers to their cells in the tagged PDF; and the font clock that dates every font
written by the brief's as-of day, so PDF bytes depend only on the inputs. WeasyPrint is imported late: HTML-only builds never pay for it.

Layer: under the site, beside ``editions`` and ``figures``. May import
``briefgen.themes`` and the base modules only: the site renders the print HTML
(from the same context as the web page) and hands it here.
"""
