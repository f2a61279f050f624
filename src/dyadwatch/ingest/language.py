"""Is this article in English? Language identification by py3langid (its model ships in the wheel).

dyadwatch codes English text only. :func:`check_language` returns None for English text
and otherwise a reason that names the language found ("French (fr, 99%)").

* A source may declare its language (an input record's ``language`` field, a feed's
  ``<language>``, a page's ``<html lang>``): English (``en``, ``en-GB``...) is taken as it
  is, without detection; any other declared language is refused, named.
* Otherwise py3langid ranks :data:`LANGUAGES` (the world's widely published languages; its
  pidgins and minor varieties would pull short English headlines their way). A text is
  refused when another language comes first with a probability of at least
  :data:`MIN_CONFIDENCE`, or :data:`MIN_SHORT_CONFIDENCE` for texts shorter than
  :data:`SHORT_TEXT` characters (a headline has too few words to be sure of). Only the first
  :data:`SAMPLE_CHARS` characters are read. A text mostly in another script (less than
  :data:`MIN_LATIN_SHARE` Latin letters) whose first language is not English is refused at
  any probability: English is not written in Cyrillic or Han.

The model (about 4 MB) takes about a second to load, once per process, on first use. Most
news in English is plainly English: a text of at least :data:`FAST_MIN_WORDS` words in Latin
letters, :data:`FAST_MIN_SHARE` or more of them (and at least :data:`FAST_MIN_HITS`) English
function words that no other widely published language uses as words ("the", "of", "which",
"said"...; English news has 15-25 %), is taken as English
without the model, so a batch of English news never pays for loading it.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

MIN_CONFIDENCE = 0.90
MIN_LATIN_SHARE = 0.5
MIN_SHORT_CONFIDENCE = 0.99
SHORT_TEXT = 200
SAMPLE_CHARS = 5000
FAST_MIN_WORDS = 15
FAST_MIN_SHARE = 0.05
FAST_MIN_HITS = 3
# English function words that are not words of another language in LANGUAGES ('to' is Polish
# and Czech, 'in' German and Dutch, 'was' German, 'is' Dutch, 'on' French, 'as' Portuguese)
_ENGLISH_ONLY = frozenset("""the of and that for with said from have has had were which their would
this after by its his they been who""".split())
_WORD = re.compile(r"[A-Za-z]+")
_LETTER = re.compile(r"[^\W\d_]")

#: ISO 639-1 codes py3langid chooses among.
LANGUAGES = (
    "af ar bg bn ca cs cy da de el en es et fa fi fr ga he hi hr hu hy id is it ja ka kk ko lt lv mk ms "
    "mn ne nl no pa pl ps pt ro ru si sk sl so sq sr sv sw ta te th tl tr uk ur uz vi zh"
).split()

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    with _LOCK:
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(LANGUAGES)
    return ident


def language_name(code: str) -> str:
    """English name of an ISO 639 code (``fr`` → ``French``); the code itself when unknown."""
    import pycountry

    base = code.split("-")[0].split("_")[0].lower()
    found = pycountry.languages.get(alpha_2=base) if len(base) == 2 else pycountry.languages.get(alpha_3=base)
    return str(found.name) if found is not None else code


def detect_language(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` among :data:`LANGUAGES` and its probability.

    Example:
        >>> detect_language("China lodged a protest with Japan over the remarks on Tuesday.")[0]
        'en'
    """
    code, prob = _identifier().classify(text[:SAMPLE_CHARS])
    return str(code), float(prob)


def check_language(text: str, *, declared: str | None = None) -> str | None:
    """None when ``text`` is English (or declared English), else why not, naming the language.

    Example:
        >>> check_language("China lodges protest with Japan over remarks") is None
        True
        >>> check_language("Новости дня: Китай вызвал посла Японии в МИД по поводу заявлений о Тайване")[:16]
        'detected Russian'
    """
    if declared and declared.strip():
        base = declared.strip().split("-")[0].split("_")[0].lower()
        if base in ("en", "eng"):
            return None
        return (f"the source declares {language_name(base)} ({declared.strip()}); "
                "dyadwatch codes English text only")
    sample = text.strip()
    if len(_LETTER.findall(sample[:SAMPLE_CHARS])) < 3:
        return None  # nothing to detect (numbers, punctuation)
    if plainly_english(sample):
        return None
    code, prob = detect_language(sample)
    if code == "en":
        return None
    needed = MIN_SHORT_CONFIDENCE if len(sample) < SHORT_TEXT else MIN_CONFIDENCE
    if prob < needed and _latin_share(sample[:SAMPLE_CHARS]) >= MIN_LATIN_SHARE:
        return None
    return f"detected {language_name(code)} ({code}, {prob:.0%}); dyadwatch codes English text only"


def plainly_english(text: str) -> bool:
    """Whether a text is English beyond doubt, by its function words (no model needed).

    Example:
        >>> plainly_english("The ministry said on Tuesday that it had summoned the ambassador of Japan "
        ...                 "over the remarks of the minister.")
        True
        >>> plainly_english("Le ministère a convoqué mardi l'ambassadeur du Japon au sujet des propos tenus.")
        False
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    # mostly plain Latin letters (a stricter test than _latin_share, and a faster one)
    if len(words) < FAST_MIN_WORDS or sum(map(len, words)) < MIN_LATIN_SHARE * len(_LETTER.findall(sample)):
        return False
    english = sum(1 for w in words if w.lower() in _ENGLISH_ONLY)
    return english >= max(FAST_MIN_HITS, FAST_MIN_SHARE * len(words))


def _latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF) / len(letters)


def check_english(text: str) -> str | None:
    """:func:`check_language` without a declared language (kept for callers of the old name)."""
    return check_language(text)
