"""Counts as ranges, vague ones included: "dozens of villages", "une centaine de localités", "rund 4.000 Hafenarbeiter".

News copy rarely gives one exact count for a place count or a crowd, and outlets in different languages round in
different words. A float would claim a precision the text lacks, so each count here is a range (``low``..``high``)
and what it counts is a language-neutral *concept* ("settlements", "marchers"): two ranges for one concept that
cannot overlap are a disagreement; overlapping ones ("more than 1,000" and "1,300") are not.

Only concepts whose words are unambiguous across languages are read, and a crowd only in a sentence about a march
or a protest, because comparing "two people died" with "1,300 people evacuated" would invent a contradiction.
Counts of the dead, the evacuated, ships, a workforce and jobs are read for agreement only (``CONTRADICTION_CONCEPTS``
are the ones compared for disagreement): a death toll that rises between two reports is an update, and "200
workers" of one terminal does not contradict "6,000 workers" of a port.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarizer.schema import Article
from summarizer.text.figures import parse_number, stated_values
from summarizer.text.sentences import sentences
from summarizer.text.words import alternation

# Vague quantity words of the supported languages, with the range a reader takes them to mean.
_VAGUE: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("a dozen", "ein dutzend", "une douzaine", "una docena", "una dozzina", "een dozijn",
                     "uma dúzia"), (10, 14)),
    **dict.fromkeys(("dozens", "scores", "dutzende", "dutzenden", "des dizaines", "dizaines", "decenas",
                     "decine", "tientallen", "dezenas"), (24, 75)),
    **dict.fromkeys(("about a hundred", "around a hundred", "some hundred", "a hundred", "rund hundert",
                     "etwa hundert", "une centaine", "un centenar", "cerca de un centenar", "alrededor de un centenar",
                     "un centinaio", "circa un centinaio", "een honderdtal", "zo'n honderd", "uma centena",
                     "cerca de uma centena"), (80, 120)),
    **dict.fromkeys(("hundreds", "hunderte", "des centaines", "centaines", "cientos", "centenares", "centinaia",
                     "honderden", "centenas"), (200, 900)),
    **dict.fromkeys(("thousands", "several thousand", "tausende", "mehrere tausend", "des milliers", "milliers",
                     "plusieurs milliers", "miles", "varios miles", "migliaia", "duizenden", "milhares"),
                    (2000, 9000)),
}
_VAGUE_WORD = re.compile(rf"(?i)(?<!\w)(?:{alternation(_VAGUE)})(?!\w)")
# Words before a number that widen it into a range: (low factor, high factor).
_APPROX: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("about", "around", "some", "approximately", "roughly", "rund", "etwa", "circa", "ungefähr",
                     "environ", "quelque", "quelques", "près de", "unos", "unas", "alrededor de", "cerca de",
                     "aproximadamente", "ongeveer", "zo'n", "zo’n", "ruim", "cerca di", "quasi", "mais ou menos"),
                    (0.9, 1.1)),
    **dict.fromkeys(("nearly", "almost", "fast", "knapp", "presque", "casi", "bijna", "quase"), (0.85, 1.0)),
    **dict.fromkeys(("more than", "over", "upwards of", "at least", "mehr als", "über", "plus de", "más de",
                     "oltre", "più di", "meer dan", "mais de", "ao menos"), (1.0, 1.5)),
    **dict.fromkeys(("up to", "bis zu", "jusqu'à", "hasta", "fino a", "tot", "até"), (0.0, 1.0)),
}
# Small counts written as words, per language ("deux morts", "quarante navires"): "dos" is Portuguese for "of the"
# and "due" English for "owed", so a word counts only in its own language.
def vague_ranges(text: str) -> list[tuple[float, float]]:
    """The ranges the vague quantity words of ``text`` allow ("decine" 24..75), whatever they count: what a
    translation must keep ("decine di paesi" is not "several countries")."""
    return [_VAGUE[m.group().lower()] for m in _VAGUE_WORD.finditer(text)]


def keeps_quantities(original: str, translation: str, output_language: str = "en") -> bool:
    """Whether every vague quantity of ``original`` is in ``translation`` as a vague word of an overlapping range
    or as a number inside it ("une centaine" as "about a hundred" or "some 100", not as "several")."""
    given = vague_ranges(translation)
    numbers = stated_values(translation, output_language)
    return all(any(low <= high2 and low2 <= high for low2, high2 in given) or any(low <= n <= high for n in numbers)
               for low, high in vague_ranges(original))


_NUMBER_WORDS: dict[str, dict[str, int]] = {
    language: dict(zip(words.split(), (2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50), strict=True))
    for language, words in {
        "en": "two three four five six seven eight nine ten twenty thirty forty fifty",
        "de": "zwei drei vier fünf sechs sieben acht neun zehn zwanzig dreißig vierzig fünfzig",
        "es": "dos tres cuatro cinco seis siete ocho nueve diez veinte treinta cuarenta cincuenta",
        "fr": "deux trois quatre cinq six sept huit neuf dix vingt trente quarante cinquante",
        "it": "due tre quattro cinque sei sette otto nove dieci venti trenta quaranta cinquanta",
        "nl": "twee drie vier vijf zes zeven acht negen tien twintig dertig veertig vijftig",
        "pt": "dois três quatro cinco seis sete oito nove dez vinte trinta quarenta cinquenta",
    }.items()
}
_NUMBER_WORDS["pt"]["duas"] = 2
# "mais de mil pessoas", "mille persone": a thousand in one word, and after a number word ("dos mil") that many.
_THOUSAND = {"es": "mil", "pt": "mil", "fr": "mille", "it": "mille"}
# Concepts compared for disagreement; the others only for agreement (see the module docstring).
CONTRADICTION_CONCEPTS = frozenset({"settlements", "marchers"})
# What is counted, by concept: the nouns of each supported language that name it.
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "settlements": ("villages", "towns", "localities", "settlements", "communities", "municipalities", "dörfer",
                    "dörfern", "orte", "orten", "ortschaften", "gemeinden", "pueblos", "localidades", "municipios",
                    "aldeas", "localités", "communes", "paesi", "località", "comuni", "borghi", "frazioni", "dorpen",
                    "plaatsen", "gemeenten", "aldeias", "povoações", "vilas", "povoados"),
    "marchers": ("marchers", "protesters", "demonstrators", "people", "workers", "dockworkers", "dockers",
                 "strikers", "demonstranten", "teilnehmer", "menschen", "hafenarbeiter", "arbeiter", "beschäftigte",
                 "manifestantes", "personas", "trabajadores", "estibadores", "manifestants", "personnes",
                 "travailleurs", "grévistes", "manifestanti", "persone", "lavoratori", "portuali", "betogers",
                 "mensen", "havenarbeiders", "werknemers", "stakers", "pessoas", "trabalhadores", "estivadores"),
    "dead": ("dead", "died", "killed", "deaths", "fatalities", "tote", "toten", "todesopfer", "gestorben", "muertos",
             "muertas", "fallecidos", "fallecidas", "muertes", "morts", "mortes", "morti", "mortos", "doden",
             "omgekomen"),
    "evacuated": ("evacuated", "evacuees", "displaced", "evakuiert", "evakuierte", "evakuierten", "desalojados",
                  "desalojadas", "evacuados", "evacuadas", "évacués", "évacuées", "evacuati", "evacuate", "sfollati",
                  "geëvacueerd", "geëvacueerden"),
    "ships": ("ships", "vessels", "boats", "freighters", "schiffe", "frachter", "buques", "barcos", "navíos",
              "navires", "bateaux", "navi", "schepen", "navios", "embarcações"),
    "workers": ("workers", "employees", "staff", "dockworkers", "dockers", "beschäftigte", "beschäftigten",
                "mitarbeiter", "arbeiter", "hafenarbeiter", "trabajadores", "empleados", "estibadores", "salariés",
                "employés", "travailleurs", "lavoratori", "dipendenti", "portuali", "werknemers", "medewerkers",
                "havenarbeiders", "trabalhadores", "funcionários", "estivadores"),
    "jobs": ("jobs", "arbeitsplätze", "stellen", "empleos", "puestos", "emplois", "postes", "posti", "banen",
             "arbeidsplaatsen", "empregos", "postos"),
}
# A crowd is compared only in a sentence about a march or protest.
_MARCH = re.compile(
    r"(?i)\b(?:march\w*|rall(?:y|ied|ies)|protest\w*|demonstrat\w*|zogen|marschiert\w*|demonstrierten|"
    r"protestierten|marcharon|recorrieron|manifestaron|se manifestaron|défil\w*|manifest\w*|sfilat\w*|"
    r"corteo|liepen|demonstreerden|betoogden|optocht|tocht|marcharam|desfilaram|protestaram)\b")
_LINK = r"(?:\s+(?:de|d'|d’|di|of|van|von|do|da|des|del)\s*)?"
_SMALL_NUMBER = alternation({w for words in _NUMBER_WORDS.values() for w in words})
_NUMBER = (rf"\d{{1,3}}(?:[.,\xa0\u202f ]\d{{3}})+|\d+|(?:(?:{_SMALL_NUMBER})\s+)?(?:{alternation(set(_THOUSAND.values()))})\b|"
           + _SMALL_NUMBER)
# Up to seven words after the number: the counted noun is looked for among the first four ("1 300 habitants ont été
# évacués"), after "the number of" words ("eleva a 1.300 el número de personas desalojadas"), and a phrase that
# names a concept in several words ("more than 1,000 have been forced from their homes") in all of them.
_WORDS_AFTER = r"((?:[^\W\d_][\w'’-]*\s+){0,6}[^\W\d_][\w'’-]*)"
_NOUN_WORDS = 4
_NUMBER_OF = re.compile(r"(?i)^(?:the number of|el número de|le nombre de|il numero di|o número de|het aantal|"
                        r"die zahl der)\s+")
# Concepts some languages name with a phrase rather than a noun: being driven from one's home is being evacuated.
_CONCEPT_PHRASES: dict[str, re.Pattern[str]] = {
    "evacuated": re.compile(
        r"(?i)\b(?:forced (?:from|out of)|(?:forced|had) to (?:leave|flee)|fled|left) (?:their )?homes\b|"
        r"\b(?:obligad[oa]s a )?abandonar (?:as |sus )?(?:suas )?casas\b|\bcostrett[ei] a lasciare le (?:proprie |loro )?case\b|"
        r"\b(?:contraint|obligé)e?s de quitter leur(?:s)? (?:domicile|maison)s?\b|\bihre (?:Häuser|Wohnungen) verlassen\b|"
        r"\bhun (?:huizen|woningen) (?:moesten )?verlaten\b"),
}


@dataclass(frozen=True)
class Count:
    """A count as a range over a concept, with the words that gave it and who stated it."""

    low: float
    high: float
    concept: str
    raw: str
    article_id: str
    sentence: str
    claimant: str | None = None
    value: float | None = None  # the number as written, None for a vague word ("dozens")


# The words after a count are looked at, not consumed, so "dozens of villages and hundreds of homes" is two counts.
_VAGUE_RE = re.compile(rf"(?i)(?<!\w)(?P<vague>{alternation(_VAGUE)})(?={_LINK}\s*{_WORDS_AFTER})")
_NUMBER_RE = re.compile(rf"(?i)(?<![\w.,])(?:(?P<qual>{alternation(_APPROX)})\s+)?(?P<num>{_NUMBER})"
                        rf"(?![\w.,]\d)(?=\s+{_WORDS_AFTER})")
_CLAIMANT = re.compile(r"\b(?i:according to|selon|según|secondo|segundo|volgens|nach angaben (?:der|des|von))\s+"
                       r"(?i:the\s+|la\s+|le\s+|les\s+|el\s+|los\s+|il\s+|o\s+|a\s+|de\s+|het\s+)?"
                       r"([^\W\d_][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*)*)")


def _concept(words: str, sentence: str) -> tuple[str, str] | None:
    """The concept the first counted noun among ``words`` names, with the words up to it ("habitants ont été
    évacués" of "… évacués, selon le bilan"); a workforce in a march is its crowd."""
    split = words.split()
    skipped = len(number_of.group().split()) if (number_of := _NUMBER_OF.match(words)) else 0
    for at, word in enumerate(w.lower() for w in split[:skipped + _NOUN_WORDS]):
        for concept, nouns in _CONCEPTS.items():
            if word in nouns and (concept != "marchers" or _MARCH.search(sentence)):
                return concept, " ".join(split[:at + 1])
    for concept, phrase in _CONCEPT_PHRASES.items():
        if found := phrase.search(words):
            return concept, words[:found.end()]
    return None


def _value(number: str, language: str | None) -> float | None:
    *times, word = number.lower().split()
    if word == _THOUSAND.get(language or "en"):
        return 1000.0 * (_value(times[0], language) or 0 if times else 1)
    if word in _NUMBER_WORDS.get(language or "en", {}):
        return float(_NUMBER_WORDS[language or "en"][word])
    return None if word.isalpha() else parse_number(number, language)


def find_counts(article: Article) -> list[Count]:
    """Every count of a compared concept in the article, vague or approximate, as a range."""
    return list(_counts(article))


@functools.lru_cache(maxsize=1024)
def _counts(article: Article) -> tuple[Count, ...]:
    """Read once per article: agreement and range discrepancies both ask (a story of 200 articles spent a
    quarter of a second reading them twice)."""
    counts: list[Count] = []
    for sentence in sentences(article.text):
        claimant_match = _CLAIMANT.search(sentence)
        claimant = claimant_match.group(1) if claimant_match else None
        for m in _VAGUE_RE.finditer(sentence):
            if found := _concept(m.group(2), sentence):
                low, high = _VAGUE[m.group("vague").lower()]
                raw = sentence[m.start():m.start(2)] + found[1]
                counts.append(Count(low, high, found[0], raw.strip(), article.id, sentence, claimant))
        for m in _NUMBER_RE.finditer(sentence):
            found = _concept(m.group(3), sentence)
            value = _value(m.group("num"), article.language)
            if found is None or value is None or (m.group("num").isdigit() and 1900 <= value <= 2100):
                continue
            low_factor, high_factor = _APPROX.get((m.group("qual") or "").lower(), (1.0, 1.0))
            raw = sentence[m.start():m.start(3)] + found[1]
            counts.append(Count(value * low_factor, value * high_factor, found[0], raw.strip(), article.id,
                                sentence, claimant, value))
    return tuple(counts)


def overlap(a: Count, b: Count) -> bool:
    return a.low <= b.high and b.low <= a.high


_WORD = re.compile(r"[^\W\d_]+")


def numbers_said(text: str, language: str | None) -> frozenset[float]:
    """The numbers a text states, in digits or as small number words of its own language ("cinco por ciento en dos
    años", "vijf procent over twee jaar"): what two renderings of one remark in different languages print alike.
    Years are left out; "one" is not read, since it is also the article in most of these languages."""
    words = _NUMBER_WORDS.get(language or "en", {})
    spelled = {float(words[w]) for w in map(str.lower, _WORD.findall(text)) if w in words}
    return frozenset(stated_values(text, language) | spelled)
