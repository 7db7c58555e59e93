"""Reading an article's prose: sentences and exact phrases, and the figures, dates,
names and speech it gives.

Pure text in, values out: ``briefgen new`` drafts a sheet from these, and the
sheet's curation warnings use them to spot a figure nothing backs up.

Layer: under ``sheet``, which reads prose through here. May import the standard
library and pycountry only.
"""
