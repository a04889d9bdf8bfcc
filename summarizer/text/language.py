"""Which language a text is in, and what a language code is called, for prompts and notes.

Detection is restricted to ten common news languages: on short texts an open set misfires, and a wrong language
would send an article to the model with the wrong instructions.
"""

from __future__ import annotations

import functools
from typing import Any

# Below this many words lingua guesses, so the language is left unknown instead.
_MIN_LANGUAGE_WORDS = 5
_LANGUAGES = (
    "ENGLISH", "GERMAN", "FRENCH", "SPANISH", "ITALIAN", "DUTCH", "PORTUGUESE", "POLISH", "UKRAINIAN", "RUSSIAN"
)


@functools.cache
def _language_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in _LANGUAGES)).build()


@functools.lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """"de" -> "German", for prompts and notes; an unknown code is shown as given rather than guessed."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code)).name.title()
    except ValueError:
        return code


def detect_language(text: str) -> str | None:
    """ISO 639-1 code among ten common news languages; restricting the set keeps short texts from misfiring."""
    if len(text.split()) < _MIN_LANGUAGE_WORDS:
        return None
    language = _language_detector().detect_language_of(text[:5000])
    return language.iso_code_639_1.name.lower() if language else None


@functools.lru_cache(maxsize=32)
def _pair_detector(first: str, second: str) -> Any | None:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    try:
        pair = [Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in (first, second)]
    except ValueError:
        return None
    return LanguageDetectorBuilder.from_languages(*pair).with_low_accuracy_mode().build()


def which_of(text: str, first: str, second: str) -> str | None:
    """Which of two languages a short text is in: the one question asked of a model's claim (the briefing's
    language, or its article's?). A two-language detector reading trigrams only answers it in milliseconds;
    the ten-language one loads every n-gram model of all ten languages for a short text (2.3 s of a multilingual
    replay's 3.7 s), and given ten candidates it read English claims about Rotterdam's docks as Dutch."""
    if len(text.split()) < _MIN_LANGUAGE_WORDS:
        return None
    detector = _pair_detector(*sorted((first, second))) if first != second else None
    if detector is None:
        return detect_language(text)
    language = detector.detect_language_of(text[:5000])
    return language.iso_code_639_1.name.lower() if language else None

