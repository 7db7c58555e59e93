"""Reading an article's prose: sentences and exact phrases, and the figures, dates,
names and speech it gives.

Pure text in, values out: ``briefgen new`` drafts a sheet from these, and the
sheet's curation warnings use them to spot a figure nothing backs up. ``phrases``
cuts exact quotes; ``dates``, ``figures`` (and which figures may be tolls),
``names`` (with ``roles``, organisations named by their role) and ``speakers``
(who says what in a sentence) find each kind of candidate; ``candidates`` gathers
them all. The rules read an article in its language: each concern keeps its words
per language in one table (``calendar``, ``figure_words``, ``name_words``, ``roles``,
``speech_words``, ``words``, the clause words of ``phrases``), and ``languages`` says
which languages are read and which one an article is in. English and French today.

Layer: under ``sheet``, which reads prose through here. May import the standard
library and pycountry only.
"""
