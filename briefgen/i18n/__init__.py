"""Every word briefgen writes, in the reader's language: gettext catalogs and Babel's locale data.

``catalogs`` finds a language's translations (the built-in catalog under the
theme's ``locales/``, a project's single-string overrides over it, English
behind both); ``words`` gives one language's gettext, numbers, dates and
country names as one value (:class:`Words`) that templates and composed lines
share; ``extract`` pulls every marked string out of the theme and the code, for
``make`` and the completeness test.

Layer: under ``article`` and ``sheet``, so every part that writes words can use
it. May import Babel, the theme lookup and the base modules.
"""

from briefgen.i18n.words import N_, Words, words_for

__all__ = ["N_", "Words", "words_for"]
