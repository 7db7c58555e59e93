"""How a figure that would leave a page half empty is changed: drawn smaller, or moved after what follows it.

The corpus checks (tests/corpus/test_print_geometry.py) show that pages fill; these show the two changes.
"""

from __future__ import annotations

from briefgen.pdf.fitting import move_after_next, scale_svg

PAGE = """<main>
<section id="actors"><h2>Actors</h2>
<figure class="brief-figure figure-relations" id="figure-relations"><figcaption>Relations</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" class="fig fig-relations" viewBox="0 0 480 300"><title>t</title></svg>
</figure>
<table class="actors"><tbody><tr><td><table><tr><td>nested</td></tr></table></td></tr></tbody></table>
</section>
<figure class="brief-figure figure-map" id="figure-map"><svg class="fig fig-map"></svg></figure>
<section id="background"><p>Words.</p><section><p>More.</p></section></section>
</main>"""


def test_a_figure_moves_after_the_table_that_follows_it_nested_tables_and_all():
    moved = move_after_next(PAGE, "figure-relations")
    assert moved.index("<h2>Actors</h2>") < moved.index('<table class="actors">') < moved.index("figure-relations")
    assert moved.index("figure-relations") < moved.index("</section>"), "it stays in its section"
    assert moved.count("<figure") == PAGE.count("<figure") and sorted(moved) == sorted(PAGE + "\n")


def test_the_map_moves_after_the_background():
    moved = move_after_next(PAGE, "figure-map")
    assert moved.rindex("</section>") < moved.index("figure-map"), "after the background and the section inside it"


def test_a_figure_with_nothing_after_it_stays():
    tail = '<div><figure class="brief-figure figure-map" id="figure-map"><svg class="fig fig-map"></svg></figure></div>'
    assert move_after_next(tail, "figure-map") == tail


def test_a_scaled_panel_gets_its_printed_width_and_keeps_its_shape():
    scaled = scale_svg(PAGE, "fig-relations", 92.04)
    assert 'style="width: 92.0mm" class="fig fig-relations"' in scaled
    assert "viewBox" in scaled and scaled.count("style=") == 1
