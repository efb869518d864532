"""Plural-Forms for new catalogs: gettext's conventional table first, CLDR after it.

CLDR (what babel knows) gives French and Brazilian Portuguese three plural categories
(``many`` for ``1000000 livres``), so its rule has ``nplurals=3``; msginit, Poedit and
Weblate write ``nplurals=2; plural=(n > 1);``, and a translator's tool would otherwise ask
for a form nobody expects.  The table below is gettext's own (``plural-table.c``, which
msginit consults before CLDR), written out as msginit prints it; ``tests/test_plurals.py``
compares it with the installed msginit.  A language it does not list falls back to
babel's CLDR rule.

Pure: no files; babel is only asked for languages outside the table.
"""

from __future__ import annotations

_ONE = "nplurals=1; plural=0;"
_NOT_ONE = "nplurals=2; plural=(n != 1);"
_GT_ONE = "nplurals=2; plural=(n > 1);"
_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
           "(n%100<10 || n%100>=20) ? 1 : 2);")
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"

# gettext's plural-table.c: language (or language_TERRITORY) → Plural-Forms.
GETTEXT_PLURAL_FORMS: dict[str, str] = {
    **dict.fromkeys(("ja", "vi", "ko", "zh"), _ONE),
    **dict.fromkeys(("en", "de", "nl", "sv", "da", "no", "nb", "nn", "fo", "es", "pt", "it",
                     "bg", "el", "fi", "et", "he", "eo", "hu", "tr"), _NOT_ONE),
    "pt_BR": _GT_ONE,
    "fr": _GT_ONE,
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || "
           "n%100>=20) ? 1 : 2);"),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), _SLAVIC),
    **dict.fromkeys(("cs", "sk"), _CZECH),
    "pl": ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
           "? 1 : 2);"),
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def plural_forms(language: str) -> str:
    """The Plural-Forms header for a new catalog in ``language`` (a gettext code, ``pt_BR``).

    The full code is looked up first (``pt_BR``), then its language (``pt``), as msginit
    does; a language gettext's table does not list gets babel's CLDR rule.
    """
    parts = language.replace("-", "_").split("_")
    parts = [parts[0].lower()] + [p.upper() if len(p) == 2 else p.title() for p in parts[1:]]
    code = "_".join(parts)
    for key in (code, "_".join(parts[:1] + parts[-1:]), parts[0]):
        if key in GETTEXT_PLURAL_FORMS:
            return GETTEXT_PLURAL_FORMS[key]
    # Imported only here: babel.messages costs an update that merges one catalog ~10 ms.
    from babel import Locale
    from babel.messages.plurals import get_plural

    return get_plural(Locale.parse(code)).plural_forms
