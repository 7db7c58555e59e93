"""Quote matching forgives typography and nothing else."""

from __future__ import annotations

import pytest

from briefgen.sheet.provenance import check_quotes, normalise, quote_in_text

SOURCE = normalise(
    "Ukraine\u2019s Foreign Ministry condemned the move as \u201cshort-sighted and hasty,\u201d firmly\n  denying it \u2014 all of it."
)


@pytest.mark.parametrize(
    "quote",
    [
        "Ukraine's Foreign Ministry condemned",
        '"short-sighted and hasty,"',
        "hasty,\u201d firmly denying",
        "denying it - all of it.",
        "denying it \u2013 all of it.",
        "condemned   the\tmove",
    ],
)
def test_typographic_variants_match(quote):
    assert quote_in_text(quote, SOURCE)


@pytest.mark.parametrize(
    "quote",
    [
        "ukraine's foreign ministry",  # case matters
        "short sighted and hasty",  # a hyphen is not a space
        "condemned the decision",  # words matter
        "hasty, firmly",  # punctuation matters: the closing quote is missing
        "   ",
    ],
)
def test_anything_more_than_typography_does_not_match(quote):
    assert not quote_in_text(quote, SOURCE)


def test_check_quotes_reports_each_missing_quote_with_its_path():
    tree = {
        "key_points": [{"text": "x", "cite": [{"source": "a", "quote": "condemned the move"}]}],
        "casualties": [{"cite": [{"source": "a", "quote": "84 killed"}, {"source": "b", "quote": "unread"}]}],
    }
    problems = check_quotes(tree, {"a": SOURCE})
    assert problems == [(("casualties", 0, "cite", 0, "quote"), "quote not found in source 'a': \"84 killed\"")]


def test_reaction_quote_must_be_in_a_cited_source():
    tree = {"reactions": [{"quote": "short-sighted", "cite": [{"source": "a", "quote": "condemned"}]}]}
    assert check_quotes(tree, {"a": SOURCE}) == []
    tree["reactions"][0]["quote"] = "reckless"
    [(path, message)] = check_quotes(tree, {"a": SOURCE})
    assert path == ("reactions", 0, "quote")
    assert "reckless" in message


# --- other languages' typography: each rule with a French and a German sentence ---------------

FRENCH = normalise(
    "L\u2019arm\u00e9e a \u00e9t\u00e9 \u00ab\u202fan\u00e9antie\u202f\u00bb, a d\u00e9clar\u00e9 le ministre\u202f;"
    " \u00ab\u00a0pourquoi\u00a0?\u00a0\u00bb, a-t-il ajout\u00e9. Selon lui, 1\u202f200\u00a0soldats sont morts."
)
GERMAN = normalise(
    "Der Minister sprach von einer \u201eKatastrophe\u201c und nannte die Lage \u00bbernst\u00ab."
    " Die Bundes\u00adwehr meldete z.\u2009B. 1.200 Verletzte in \u00a7\u00a012 Bundesl\u00e4ndern."
)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ('L\'arm\u00e9e a \u00e9t\u00e9 "an\u00e9antie"', FRENCH),  # apostrophe and guillemets typed straight
        ("\u201can\u00e9antie\u201d, a d\u00e9clar\u00e9", FRENCH),  # English curly quotes for French guillemets
        ("'pourquoi ?'", FRENCH),  # single quotes for double ones
        ('von einer "Katastrophe" und', GERMAN),
        ("die Lage \u00abernst\u00bb", GERMAN),  # reversed guillemets
        ("einer \u2039Katastrophe\u203a", GERMAN),  # single guillemets
    ],
)
def test_every_quotation_mark_counts_as_one(quote, source):
    assert quote_in_text(quote, source)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("a \u00e9t\u00e9 \u00ab an\u00e9antie \u00bb, a", FRENCH),  # plain spaces inside the guillemets
        ("a \u00e9t\u00e9 \u00aban\u00e9antie\u00bb, a", FRENCH),  # no spaces at all
        ('a \u00e9t\u00e9 " an\u00e9antie " , a', FRENCH),
        ("sprach von einer \u201e Katastrophe \u201c und", GERMAN),
        ("die Lage \u00bb ernst \u00ab.", GERMAN),
    ],
)
def test_spaces_inside_quotation_marks_are_typography(quote, source):
    assert quote_in_text(quote, source)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("le ministre ; \u00ab pourquoi ? \u00bb", FRENCH),  # narrow and plain no-break spaces before ; and ?
        ("lui, 1 200 soldats sont morts", FRENCH),  # a narrow no-break space groups thousands
        ("lui, 1\u2009200\u2007soldats", FRENCH),  # thin and figure spaces
        ("meldete z. B. 1.200 Verletzte in \u00a7 12", GERMAN),
        ("meldete z.\u00a0B.\u3000\u20091.200", GERMAN),
    ],
)
def test_every_no_break_and_thin_space_is_a_space(quote, source):
    assert quote_in_text(quote, source)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("an\u0065\u0301antie", FRENCH),  # e + combining acute
        ("in \u00a7 12 Bundesla\u0308ndern", GERMAN),  # a + combining diaeresis
        ("an\u00e9antie", normalise("\u00ab an\u0065\u0301antie \u00bb")),  # and the source decomposed
    ],
)
def test_text_is_compared_in_nfc(quote, source):
    assert quote_in_text(quote, source)


def test_soft_hyphens_are_hyphenation_hints_on_either_side():
    assert quote_in_text("Die Bundeswehr meldete", GERMAN)
    assert quote_in_text("Die Bun\u00addes\u00adwehr meldete", GERMAN)
    assert quote_in_text("ar\u00adm\u00e9e a \u00e9t\u00e9", FRENCH)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("an\u00e9anti\u00bb", FRENCH),  # a letter: the source says an\u00e9antie
        ("aneantie", FRENCH),  # an accent is part of the letter
        ("L'Arm\u00e9e", FRENCH),  # case
        ("1 300 soldats", FRENCH),  # a digit
        ("1200 soldats", FRENCH),  # the space between digit groups is not forgiven away
        ("le ministre; \u00ab pourquoi", FRENCH),  # nor is the space before a semicolon
        ("le ministre : \u00ab pourquoi", FRENCH),  # nor one punctuation mark for another
        ("einer Katastrophe und", GERMAN),  # the quotation marks themselves are words of the source
        ("Bundeslandern", GERMAN),
        ("1,200 Verletzte", GERMAN),
        ("z.B. 1.200", GERMAN),
        ("in \u00a712", GERMAN),
        ("officiel", normalise("le bilan o\ufb03ciel")),  # a ligature is not its letters (no NFKC)
        ("Stra\u00dfe", normalise("die Strasse")),
        ("10 km2", normalise("sur 10 km\u00b2")),
    ],
)
def test_letters_digits_and_words_must_match(quote, source):
    assert not quote_in_text(quote, source)


# --- invisible characters are characters --------------------------------------------------------

INVISIBLES = {
    "zero width space": "\u200b",
    "zero width non-joiner": "\u200c",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "left-to-right mark": "\u200e",
    "right-to-left embedding": "\u202b",
    "first strong isolate": "\u2068",
    "tag letter": "\U000e0041",
}


@pytest.mark.parametrize("char", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_an_invisible_character_never_matches_its_absence(char):
    french_with = normalise(f"L\u2019arm\u00e9e a \u00e9t\u00e9 an{char}\u00e9antie")
    german_with = normalise(f"Die Bundes{char}wehr meldete")
    assert quote_in_text(f"an{char}\u00e9antie", french_with)  # copied with it: matches
    assert not quote_in_text("an\u00e9antie", french_with)  # typed without it: no match
    assert not quote_in_text(f"an{char}\u00e9antie", FRENCH)  # smuggled into a quote: no match
    assert quote_in_text(f"Bundes{char}wehr", german_with)
    assert not quote_in_text("Bundeswehr meldete", german_with)
    assert not quote_in_text(f"Die Bundeswehr{char} meldete", GERMAN)


def test_a_miss_caused_only_by_invisible_characters_names_them():
    source = normalise("Die Bundes\u200bwehr meldete\u2060 1.200 Verletzte")
    tree = {"key_points": [{"cite": [{"source": "a", "quote": "Die Bundeswehr meldete 1.200"}]}]}
    [(path, message)] = check_quotes(tree, {"a": source})
    assert message == (
        "quote not found in source 'a': \"Die Bundeswehr meldete 1.200\"; only invisible characters differ: "
        "the source has U+200B ZERO WIDTH SPACE (\\u200b), U+2060 WORD JOINER (\\u2060) there; "
        "copy the words from the source, or write an invisible character as its escape inside a double-quoted string"
    )
    tree["key_points"][0]["cite"][0]["quote"] = "L\u2019arm\u00e9e\u200d a"
    [(path, message)] = check_quotes(tree, {"a": FRENCH})
    assert '"L\u2019arm\u00e9e\\u200d a"' in message  # shown, not hidden, in the message
    assert "the quote has U+200D ZERO WIDTH JOINER (\\u200d) where the source has none" in message


def test_a_plain_miss_gets_no_talk_of_invisible_characters():
    tree = {"reactions": [{"quote": "d\u00e9sastre", "cite": [{"source": "a", "quote": "pourquoi"}]}]}
    [(path, message)] = check_quotes(tree, {"a": FRENCH})
    assert message == 'the actor\'s quote is not in any source this reaction cites: "d\u00e9sastre"'


@pytest.mark.parametrize("override", ["\u202e", "\u202d"])
def test_a_bidi_override_can_neither_be_quoted_nor_hide_text(override):
    # Shown to a reader as "1 200 soldats": stored in reverse under an override.
    source = normalise(f"Selon lui, {override}stadlos 002 1\u202c sont morts.\nLe ministre a parl\u00e9.")
    assert quote_in_text("Selon lui,", source)
    assert quote_in_text("sont morts. Le ministre", source)  # the override ends at its pop
    assert not quote_in_text("stadlos 002 1", source)  # the stored letters, not what a reader sees
    assert not quote_in_text(f"{override}stadlos 002 1\u202c", source)  # not even copied with the override
    tree = {"key_points": [{"cite": [{"source": "a", "quote": f"{override}stadlos 002 1\u202c"}]}]}
    [(path, message)] = check_quotes(tree, {"a": source})
    assert message.startswith(f"quote contains U+{ord(override):04X} ")
    assert "shows letters in another order than they are stored" in message


def test_an_override_ends_with_its_paragraph_and_nests_with_embeddings():
    source = normalise("avant \u202e\u202aun \u202cdeux\u202c apr\u00e8s \u202etrois\nquatre")
    assert quote_in_text("avant", source)
    assert quote_in_text("apr\u00e8s", source)
    assert quote_in_text("quatre", source)
    assert not quote_in_text("deux", source)  # the first pop closed the embedding, not the override
    assert not quote_in_text("trois", source)


def test_the_invisible_class_holds_every_format_and_control_character():
    import re
    import unicodedata

    from briefgen.sheet.provenance import INVISIBLE, SOFT_HYPHEN, SPACES

    invisible, space = re.compile(f"[{INVISIBLE}]"), re.compile(f"[{SPACES}]")
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cf", "Cc") and not space.match(char) and char != SOFT_HYPHEN:
            assert invisible.match(char), f"U+{code:04X} is invisible"
        elif invisible.match(char):  # newer Unicode may list a format character this Python does not know
            assert category == "Cn", f"U+{code:04X} is not invisible"
