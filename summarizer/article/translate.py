"""Translations of what an article printed in another language: quotes and dated sentences, one call per article.

The same call also translates the claims the model wrote in the article's language although it was asked for the
briefing's (small models often do), so they can be compared with the other articles' claims.

A translation is the model's, never the printed words, so it is stored beside the original (``Quote.translation``,
``Event.translation``, ``Claim.translation``) and the briefing labels it. Code checks what it can: every passage
gets at most one translation, which must keep the passage's numbers by value (a date or figure that changes in
translation is a wrong translation), must differ from the original and must not be far longer than it. What
fails is dropped with the reason, and the original is shown untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.errors import ModelError, NoRecordingError, one_line
from summarizer.llm import LLM
from summarizer.llm.prompts import render_prompt
from summarizer.schema import ArticleBrief, Dropped, Translations, Usage
from summarizer.text.dates import calendar_words
from summarizer.text.figures import number_values, numbers_in, values_in
from summarizer.text.language import language_name, which_of
from summarizer.text.names import country_code, country_name, same_name_token
from summarizer.text.normalise import fold, normalise_typography
from summarizer.text.quantities import keeps_quantities
from summarizer.text.words import negated, stopwords

# Most passages one call carries (the schema's bound); the rest of a long article stays untranslated, and says so.
MAX_PASSAGES = 24
# A translation this many times longer than its passage is commentary, not a translation.
MAX_LENGTH_RATIO = 3.0
# A translation at least this share of whose lowercase words (and this many) are the original's is untranslated.
UNTRANSLATED_SHARE = 0.5
UNTRANSLATED_MIN_WORDS = 4
# Words of a place's name shorter than this ("de", "am", "San") are not checked in its translation.
_PLACE_WORD = 4


def passages(brief: ArticleBrief, output_language: str) -> list[str]:
    """Quotes first (what readers care most about), then the article's own dated sentences, then the claims the
    model did not write in the briefing's language."""
    texts = [q.text for q in brief.quotes] + [e.what for e in brief.events if e.found_by != "model"]
    language = brief.article.language or output_language
    texts += [c.text for c in brief.claims if which_of(c.text, output_language, language) != output_language]
    return list(dict.fromkeys(texts))


def build_messages(brief: ArticleBrief, output_language: str, listed: list[str]) -> list[dict[str, str]]:
    numbered = "\n".join(f"{n}. {' '.join(text.split())}" for n, text in enumerate(listed, start=1))
    return [
        {"role": "system", "content": render_prompt("translate", output_language=language_name(output_language))},
        {"role": "user", "content": render_prompt("translate_user", passages=numbered.replace("</passages>", ""),
                                                  source_language=language_name(brief.article.language or ""))},
    ]


def check(original: str, translation: str, source_language: str | None = None,
          output_language: str = "en", people: Sequence[str] = (), places: Sequence[str] = ()) -> str | None:
    """Why a translation cannot be shown, or None if it passes the checks code can make.

    Numbers are compared by value, each read in its own language's notation, so "1.200 millones" may become
    "1.2 billion" but not "1,300 million"; a number copied as printed ("1.300", the 78 of "78-year-old") is kept.
    Meaning is checked where it is cheap and certain: a vague quantity must keep its range ("decine" is not
    "several"), most words must be translated, a negation must survive ("niet betrokken" is not "involved"), a
    weekday or month the translation names must be one the original names (an omitted "am Dienstag" loses
    detail, a "Monday" for "mercoledì" moves an event), and the people and places the passage names (``people``,
    ``places``: the article's) must still be named: a place as printed, in a spelling one letter apart
    ("Estremadura", "Extremadura") or, for a country, by its name in the briefing's language ("Irak", "Iraq"),
    so "Il Guadiana esonda in Estremadura" is not "The Guardian is going out of the extreme".
    """
    if not translation.strip():
        return "empty translation"
    if normalise_typography(translation).casefold() == normalise_typography(original).casefold():
        return "returned untranslated"
    if len(translation) > MAX_LENGTH_RATIO * max(len(original), 20):
        return "far longer than the original"
    kept, printed = values_in(translation, output_language), set(numbers_in(translation))
    missing = [n for n, value in number_values(original, source_language) if value not in kept and n not in printed]
    if missing:
        return f"numbers {', '.join(dict.fromkeys(missing))} changed in translation"
    if not keeps_quantities(original, translation, output_language):
        return "a vague quantity changed in translation"
    if _mostly_untranslated(original, translation, source_language, output_language):
        return "mostly left untranslated"
    before, after = negated(original, source_language), negated(translation, output_language)
    if None not in (before, after) and before != after:
        return "a negation was " + ("lost" if before else "added") + " in translation"
    if calendar_words(translation, output_language) - calendar_words(original, source_language):
        return "a weekday or month changed in translation"
    lost = [p for p in people if _named(p, original) and not _named(p, translation)]
    lost += [p for p in places if _mentions(p, original) and not _place_kept(p, translation, source_language,
                                                                                output_language)]
    return f"{', '.join(lost)} no longer named in translation" if lost else None


def _mentions(name: str, text: str) -> bool:
    """Whether the text names ``name`` as a whole word, accents and case aside."""
    return re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", fold(text)) is not None


def _place_kept(place: str, translation: str, source_language: str | None, output_language: str) -> bool:
    """The place in the translation as printed, one letter apart, or as the country's name in the briefing's
    language."""
    if _mentions(place, translation):
        return True
    code = country_code(place, [source_language or output_language, output_language])
    if code and (name := country_name(code, output_language)) and _mentions(name, translation):
        return True
    words = re.findall(r"\w+", translation)
    return all(any(same_name_token(part, word) for word in words)
               for part in re.findall(r"\w+", place) if len(part) >= _PLACE_WORD)


def _mostly_untranslated(original: str, translation: str, source_language: str | None,
                         output_language: str) -> bool:
    """Most of the translation's lowercase words (names aside) are the original's own, and more of them are
    function words of the article's language than of the briefing's: "Military doelen aan de andere kant van de
    grens zijn legitieme doelen" translated one word. A passage the model had already written in the briefing's
    language comes back alike, but reads as that language ("plans to invest 450 million euros in Burgos")."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]{2,}", translation) if not w[0].isupper()]
    if len(words) < UNTRANSLATED_MIN_WORDS or source_language in (None, output_language):
        return False
    printed = {w.casefold() for w in re.findall(r"[^\W\d_]{2,}", original)}
    if sum(w in printed for w in words) < UNTRANSLATED_SHARE * len(words):
        return False
    briefing_words = stopwords(output_language)
    article_words = stopwords(source_language) - briefing_words
    return sum(w in article_words for w in words) > sum(w in briefing_words for w in words)


def _named(person: str, text: str) -> bool:
    """Whether the text names the person by surname."""
    return _mentions(person.split()[-1], text)


def apply(brief: ArticleBrief, listed: list[str], answer: Translations, usage: Usage,
          output_language: str = "en") -> ArticleBrief:
    """Attach checked translations to the brief's quotes and events. Pure."""
    article = brief.article
    translated: dict[str, str] = {}
    answered: set[int] = set()
    dropped: list[Dropped] = []
    claims = {c.text for c in brief.claims}
    unchecked: set[str] = set()
    for item in answer.items:
        if not 1 <= item.n <= len(listed) or item.n in answered:
            continue
        answered.add(item.n)
        original = listed[item.n - 1]
        reason = check(original, item.text, article.language, output_language, people=brief.people,
                       places=brief.places)
        if reason == "returned untranslated" and original in claims:
            continue  # a claim the model had already written in the briefing's language
        if reason:
            dropped.append(Dropped(article_id=article.id, kind="translation", text=item.text,
                                   reason=f"{reason}; the original is shown untranslated"))
            unchecked.add(original)
        else:
            translated[original] = " ".join(item.text.split())
    if unanswered := len(listed) - len(answered):
        dropped.append(Dropped(article_id=article.id, kind="translation", text=f"{unanswered} passage(s)",
                               reason="the model gave no translation; shown in the original language"))
    return brief.model_copy(update={
        "quotes": [q.model_copy(update={"translation": translated.get(q.text)}) for q in brief.quotes],
        "events": [e.model_copy(update={"translation": translated.get(e.what)}) for e in brief.events],
        "claims": [c.model_copy(update={"translation": translated.get(c.text),
                                        "evidence_verified": c.evidence_verified and c.text not in unchecked})
                   for c in brief.claims],
        "dropped": brief.dropped + dropped,
        "usage": brief.usage + usage,
    })


async def translate(brief: ArticleBrief, llm: LLM, output_language: str) -> ArticleBrief:
    """One call for the article's passages; a failed call costs only the translations, never the article.

    Only articles known to be in another language are translated; an undetected language is left alone, not
    guessed at.
    """
    language = brief.article.language
    if language is None or language == output_language:
        return brief
    everything = passages(brief, output_language)
    if not everything:
        return brief
    listed = everything[:MAX_PASSAGES]
    try:
        answer, usage = await llm.structured(Translations, build_messages(brief, output_language, listed))
    except NoRecordingError:
        raise
    except ModelError as exc:
        failed = Dropped(article_id=brief.article.id, kind="translation", text=f"{len(listed)} passage(s)",
                         reason=f"translation failed ({one_line(exc)}); shown in the original language")
        return brief.model_copy(update={"dropped": [*brief.dropped, failed]})
    result = apply(brief, listed, answer, usage, output_language)
    if len(everything) == len(listed):
        return result
    over = Dropped(article_id=brief.article.id, kind="translation", text=f"{len(everything) - len(listed)} passage(s)",
                   reason=f"over the {MAX_PASSAGES} passages one call translates")
    return result.model_copy(update={"dropped": [*result.dropped, over]})
