"""Figures found in code, and the number check applied to claims.

Numbers are what readers compare across sources, so they are read from the text by code rather than trusted to a
model: every figure here carries the sentence it came from, and a claim's numbers must occur in its article.
"""

from __future__ import annotations

import functools
import re

from text_to_num import alpha2digit

from summarizer.schema import Article, Figure
from summarizer.text.dates import MONTH_NAME, month_pattern
from summarizer.text.names import strip_titles
from summarizer.text.sentences import sentences

_WORDS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if i}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MI2_IN_KM2 = 2.589988110336
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(_WORDS)
_QUALIFIER = r"nearly|about|approximately|over|more than|some|around|almost|up to|roughly|at least|close to|upwards of"

# A candidate figure: qualifier, currency sign, number, multiplier. Lower-case word numbers only, so "World War
# Two" and sentence words are not counts; no digit/letter/slash/colon/hyphen around it, so URLs, "01:45",
# "a86213" and "two-fold" are skipped.
_FIGURE = re.compile(rf"(?<![\w.,:/$€£-])(?:(?P<qual>(?i:{_QUALIFIER}))\s+)?(?P<cur>[$€£])?(?P<num>{_NUMBER})"
                     rf"(?![\w:/-]|[.,]\d)(?:\s+(?P<mult>thousand|million|billion|trillion)\b)?")
# The same number pattern, unanchored and case-insensitive, for parsing a model's "1,300" or "One million".
_PARSE = re.compile(rf"(?i)\b(?P<num>{_NUMBER})\b(?:\s+(?P<mult>thousand|million|billion|trillion)\b)?")
# Other languages' multipliers, named by their English equivalent ("Milliarden", "milliards", "miliardi" and
# Spanish "mil millones" are billions; "millones" are millions).
_FOREIGN_MULTIPLIERS = {
    **dict.fromkeys(("milliarde", "milliarden", "milliard", "milliards", "miljard", "miljarden", "miliardo", "miliardi",
                     "mil millones", "bilhões", "bilião"), "billion"),
    **dict.fromkeys(("millionen", "millions", "millón", "millones", "milione", "milioni", "miljoen", "miljoenen",
                     "milhão", "milhões"), "million"),
    **dict.fromkeys(("tausend", "mille", "mila", "duizend"), "thousand"),
}
# Numeric tokens of a claim, words included: "1,300", "594", "three", "million", "1.200", "Milliarden".
_TOKENS = re.compile(rf"(?i)\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{'|'.join(_WORDS)}|"
                     rf"{'|'.join(_MULTIPLIERS)})\b")
_FOREIGN_TOKENS = re.compile(rf"(?i)\d{{1,3}}(?:[.\xa0\u202f]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|"
                             rf"(?<!\w)(?:{'|'.join(sorted(_FOREIGN_MULTIPLIERS, key=len, reverse=True))})(?!\w)")
# How numbers are written in German, French, Spanish, Italian, Dutch and Portuguese copy: "1.200", "1 200" (French,
# often with a narrow no-break space), "1,2" as a decimal.
_FOREIGN_NUMBER = r"\d{1,3}(?:[.\xa0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FOREIGN_QUALIFIER = (r"rund|etwa|fast|knapp|mehr als|über|environ|près de|plus de|presque|quelque|alrededor de|"
                      r"casi|más de|unos|unas|circa|quasi|oltre|più di|ongeveer|bijna|meer dan|ruim|cerca de|mais de")
_FOREIGN_FIGURE = re.compile(
    rf"(?<![\w.,:/$€£-])(?:(?P<qual>(?i:{_FOREIGN_QUALIFIER}|{_QUALIFIER}))\s+)?(?P<cur>[$€£])?(?P<num>{_FOREIGN_NUMBER})"
    rf"(?![\w:/-]|[.,]\d)(?:\s+(?P<mult>(?i:{'|'.join(sorted(_FOREIGN_MULTIPLIERS, key=len, reverse=True))}))(?!\w))?")
# Units as other languages write them, after the number (and its multiplier).
_FOREIGN_UNITS = [
    (re.compile(r"(?i)\s*(?:quadratkilometern?|kilomètres?\s+carrés|kilómetros?\s+cuadrados|chilometri\s+quadrati|"
                r"vierkante\s+kilometers?|quilómetros?\s+quadrados|km2|km²)(?!\w)"), "km²"),
    (re.compile(r"(?i)\s*(?:%|prozent|pour\s+cent|por\s+ciento|per\s+cento|procent|por\s+cento)(?!\w)"), "%"),
    (re.compile(r"(?i)\s+(?:d['’]|de\s+|di\s+)?(?:euros?|EUR)(?!\w)|\s*€"), "EUR"),
    (re.compile(r"(?i)\s+(?:de\s+|di\s+)?(?:dollars?|dólares|dollari|US-Dollar)(?!\w)"), "USD"),
]
# Units written right after the number whose spelling varies but whose meaning does not.
_UNITS = [(re.compile(r"\s*(?:square\s+(?:kilomet(?:er|re)s?|km)|sq\.?\s*km|km2|km²)\b"), "km²"),
          (re.compile(r"\s*(?:square\s+miles?|sq\.?\s*mi(?:les?)?|mi²)\b"), "mi²"),
          (re.compile(r"\s*(?:%|percent\b|per\s+cent\b)"), "%"),
          (re.compile(r"\s+(?:dollars|US dollars|USD)\b"), "USD"),
          (re.compile(r"\s+(?:euros?|EUR)\b"), "EUR")]
# A month (or "War", "No.") right before the number: "Aug. 6", "July 18", "World War 2" are not figures.
_DATE_BEFORE = re.compile(rf"(?:\b{MONTH_NAME}\.?|\bWar|\bNo\.)\s+$")
# "one" used as a pronoun: "no one", "the one", "any one".
_PRONOUN_ONE = re.compile(r"\b(?:no|any|every|each|the|this|that|which)\s+$", re.I)
# A month right after the number: "25 May 2024".
_DATE_AFTER = re.compile(rf"\s+{MONTH_NAME}\b")
# Words of the noun phrase after a number, up to punctuation.
_WORD = re.compile(r"\s+([A-Za-z][\w’'-]*)")
_FOREIGN_WORD = re.compile(r"\s+([^\W\d_][\w’'-]*)")
# Short words that end a noun phrase in other languages' copy ("90 Tage für", "3.000 denunce di").
_FOREIGN_STOP = set("von der die das den dem des und für mit zu im am auf bei nach seit um de la le les des du et pour "
                    "par avec dans en sur au aux y el los las del con por para que di da della delle dei degli e per "
                    "con su nel alla van het een en voor met op te bij om".split())
# "as of August 27", "as at 5 May": the date a figure is said to hold for.
_AS_OF = re.compile(rf"\bas (?:of|at) (?P<when>{MONTH_NAME}\.? \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {MONTH_NAME}(?: \d{{4}})?"
                    rf"|{MONTH_NAME}(?: \d{{4}})?|today|yesterday|(?:last|this) \w+)")
# Capitalised name run, e.g. "Ukrainian Armed Forces Commander Oleksandr Syrskyi" or "Kyiv".
_NAME = r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,5}"
# Who states the figure: "X stated that …", "with X claiming …", "X continues to claim …", "according to X".
_CLAIMANT = re.compile(rf"(?P<who>{_NAME})(?: [a-z]+){{0,2}}? (?:said|says|stated|states|claimed|claims|claim|"
                       rf"claiming|told|reported|announced|estimated|estimates)\b|according to (?P<who2>{_NAME})")
# Territory named after an area figure: "… of land", "… of territory".
_TERRITORY = re.compile(r"^\W*(?:\([^)]*\)\s*)?of\s+(?:the\s+)?(?:territory|land)\b")
# A place named after the figure in the same clause: "in the Kursk region".
_PLACE = re.compile(r"^[^,;]{0,60}?\bin (?:the )?(?P<place>[A-Z][a-z]+)")

_STOP = set("of in at to from on for with by into and or but the a an that which who as than per across over under "
            "near since during is are was were have has had be been will would could should can may its their his "
            "her this these those".split())
_COLLECTIONS = {"sets", "set", "batteries", "units", "pieces", "rounds", "tons", "tonnes", "kinds", "types"}
_ADJECTIVE_ENDINGS = ("ive", "al", "ous", "ful", "ic", "able", "ible", "ary", "ent", "ant", "less", "ian", "ish",
                      "ese", "ed", "ing")
_TIME_UNITS = {"days", "day", "weeks", "week", "months", "month", "years", "year", "hours", "hour", "minutes"}
# "two weeks after the incursion began", "three days ago": a point in time, not a quantity anyone reports.
# Spans of time in other languages, named in English so "90 Tagen", "90 jours" and "90 days" compare.
_FOREIGN_TIME_UNITS = {
    **dict.fromkeys("tag tage tagen jour jours día días giorno giorni dag dagen dia dias".split(), "days"),
    **dict.fromkeys("woche wochen semaine semaines semana semanas settimana settimane week weken".split(), "weeks"),
    **dict.fromkeys("monat monate monaten mois mes meses mese mesi maand maanden".split(), "months"),
    **dict.fromkeys("jahr jahre jahren an ans année années año años anno anni jaar jaren".split(), "years"),
}
_RELATIVE_TIME = re.compile(r"^(?:" + "|".join(sorted(_TIME_UNITS)) + r") (?:after|ago|later|earlier|before)$", re.I)
_NOT_VERBS = {"including", "according", "during", "morning", "evening", "nothing", "something", "united", "armed"}
_VERB_FORMS = {"need": "needed", "needs": "needed", "claim": "claimed", "claims": "claimed", "took": "taken",
               "take": "taken", "taking": "taken", "lost": "lost", "losing": "lost", "holding": "held",
               "hold": "held", "seized": "seized", "shot": "shot", "killing": "killed", "making": "made"}
_BODIES = {"Ministry", "Forces", "Council", "Office", "Command", "Staff", "Army", "Agency", "Service", "Government"}


def parse_number(text: str, language: str | None = None) -> float | None:
    """A model writes "1,300" or "one million"; compare it as the float code extracted from the text.

    In a foreign-language article it may copy "1,2 Milliarden" or "1.200": a separator followed by exactly three
    digits groups thousands, any other separator is the decimal point.
    """
    if not any(ch.isdigit() for ch in text) and (digits := in_digits(text, language)) != text:
        return parse_number(digits, language)
    if language not in (None, "en") and (m := _FOREIGN_FIGURE.search(text)):
        multiplier = _FOREIGN_MULTIPLIERS.get((m.group("mult") or "").lower(), "")
        return _foreign_value(m.group("num")) * _MULTIPLIERS.get(multiplier, 1.0)
    m = _PARSE.search(text)
    if not m:
        return None
    num = m.group("num").lower()
    value = _WORDS[num] if num in _WORDS else float(num.replace(",", ""))
    return value * _MULTIPLIERS.get((m.group("mult") or "").lower(), 1.0)


# Languages text2num reads number words in ("vingt-cinq", "fünfundzwanzig", "two hundred and fifty").
_NUMBER_WORD_LANGUAGES = frozenset(("en", "de", "fr", "es", "it", "nl", "pt"))


@functools.lru_cache(maxsize=4096)
def in_digits(text: str, language: str | None = None) -> str:
    """Number words written as digits ("twenty-five" -> "25"), by text2num in the text's language (English when
    unknown or unsupported). Multipliers after digits are folded too ("1.2 billion" -> "1.2 1000000000"), so this is
    for reading values, not for showing text."""
    return alpha2digit(text, language if language in _NUMBER_WORD_LANGUAGES else "en")


def _foreign_value(number: str) -> float:
    parts = re.split(r"[.,\xa0\u202f ]", number)
    if len(parts) == 1:
        return float(number)
    if all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    return float("".join(parts[:-1]) + "." + parts[-1])


def _unit_of(words: list[str]) -> str:
    """The counted thing, stripped of describing adjectives, so "594 Russian soldiers" counts "soldiers"."""
    nouns = [w for w in words if not w.lower().endswith(_ADJECTIVE_ENDINGS)] or words[-1:]
    if len(nouns) > 2:
        nouns = [nouns[0] if nouns[0][0].isupper() else nouns[-2], nouns[-1]]
    return " ".join(nouns)


def _noun_phrase(after: str, foreign: bool = False) -> list[str]:
    """Words naming what a number counts; "25 sets of Patriot … systems" counts the systems, not "sets"."""
    words: list[str] = []
    pos = 0
    while len(words) < 5 and (m := (_FOREIGN_WORD if foreign else _WORD).match(after, pos)):
        word = m.group(1)
        if word.lower() == "of" and len(words) == 1 and words[0].lower() in _COLLECTIONS:
            words, pos = [], m.end()
            continue
        if word.lower() in _STOP or (foreign and word.lower() in _FOREIGN_STOP):
            break
        words.append(word)
        pos = m.end()
        if after[pos:pos + 1] and not after[pos].isspace():
            break
    return words


def _verb_before(prefix: str) -> str | None:
    """The verb governing a figure ("captured 594 …", "firing over 100 …"), as a past participle, or None."""
    clause = re.split(r"[,;()]", prefix)[-1]
    for word in reversed(clause.split()[-8:]):
        low = word.lower()
        if low in _VERB_FORMS:
            return _VERB_FORMS[low]
        if low in _NOT_VERBS or not word.isalpha() or word[0].isupper():
            continue
        if low.endswith("ed") and len(low) > 4:
            return low
        if low.endswith("ing") and len(low) > 5:
            return low[:-3] + "ed"
    return None


def _claimant(prefix: str, sentence: str) -> str | None:
    """Who the sentence says states the figure; a pronoun or an unnamed source gives None, not a guess."""
    matches = list(_CLAIMANT.finditer(prefix)) or list(_CLAIMANT.finditer(sentence))
    if not matches:
        return None
    tokens = (matches[-1].group("who") or matches[-1].group("who2")).split()
    if tokens[-1] not in _BODIES:
        tokens = strip_titles(tokens)
    tokens = tokens[1:] if tokens[0] == "The" and len(tokens) > 1 else tokens
    tokens[-1] = re.sub(r"['’]s$", "", tokens[-1])
    return None if tokens[0] in {"He", "She", "They", "It", "The"} else " ".join(tokens)


# Who offers and who demands a figure is part of what it measures: "5 % offered" and "8 % demanded" are two
# measures, not a contradiction. The nearest stance word before the number wins, else the nearest after it.
_STANCES = (
    ("offered", re.compile(r"(?i)\b(?:offer\w*|propos\w*|angeboten|bieten|bietet|angebot\w*|ofrec\w*|oferta\w*|"
                           r"propon\w*|propuest\w*|offr\w*|offert\w*|propost\w*|bied\w*|bod|aangeboden|"
                           r"oferec\w*)\b")),
    ("demanded", re.compile(r"(?i)\b(?:demand\w*|calls? for|calling for|seek\w*|fordern|fordert|forderung\w*|"
                            r"verlang\w*|exig\w*|reclam\w*|réclam\w*|revendiqu\w*|chied\w*|richiest\w*|"
                            r"rivendic\w*|eis\w*|geëist|reivindic\w*|pede\w*)\b")),
)


def _stance(sentence: str, start: int) -> str | None:
    before = [(m.end(), name) for name, pattern in _STANCES for m in pattern.finditer(sentence, 0, start)]
    if before:
        return max(before)[1]
    after = [(m.start(), name) for name, pattern in _STANCES for m in pattern.finditer(sentence, start)]
    return min(after)[1] if after else None


def _figure(m: re.Match[str], sentence: str, article_id: str, previous: Figure | None,
            language: str | None = None) -> Figure | None:
    """One figure from a number match, or None for dates, years and bare numbers that count nothing."""
    num, start, after = m.group("num"), m.start(), sentence[m.end():]
    if _DATE_BEFORE.search(sentence[:start]) or _DATE_AFTER.match(after):
        return None
    foreign = language not in (None, "en")
    months = month_pattern(language)
    if months and (months.match(after.lstrip(" .")) or months.search(sentence[max(0, start - 12):start])):
        return None
    if num == "one" and not m.group("mult") and _PRONOUN_ONE.search(sentence[:start]):
        return None
    value = parse_number(num + " " + (m.group("mult") or ""), language)
    unit, end = None, m.end()
    for pattern, canonical in [*(_FOREIGN_UNITS if foreign else ()), *_UNITS]:
        if found := pattern.match(after):
            unit, end = canonical, m.end() + found.end()
            break
    if m.group("cur"):
        unit, end = {"$": "USD", "€": "EUR", "£": "GBP"}[m.group("cur")], m.end()
    if unit is None:
        words = _noun_phrase(after, foreign)
        is_year = re.fullmatch(r"1[89]\d\d|2[01]\d\d", num) is not None
        if not words or is_year or re.fullmatch(MONTH_NAME, words[0]) or _RELATIVE_TIME.match(" ".join(words)):
            return None
        if foreign and words[0].lower() in _FOREIGN_TIME_UNITS:
            words = words[:1]
        unit = _FOREIGN_TIME_UNITS.get(words[0].lower()) if foreign else None
        unit = unit or _unit_of(words)
        end = m.end() + after.index(words[-1]) + len(words[-1])
        described = unit if foreign and unit in _TIME_UNITS else " ".join(words)
    elif unit in ("km²", "mi²"):
        described = "territory" if _TERRITORY.match(sentence[end:]) else "area"
    else:
        described = unit
    parenthetical = sentence[:start].rstrip().endswith("(") and previous is not None
    if parenthetical and previous is not None:
        measure, claimant, as_of = previous.measure, previous.claimant, previous.as_of_text
    else:
        verb = None if unit in _TIME_UNITS else _verb_before(sentence[:start])
        place = _PLACE.match(sentence[end:])
        measure = " ".join(filter(None, [described, verb, f"in {place.group('place')}" if place else None]))
        claimant = _claimant(sentence[:start], sentence)
        as_of = (w.group("when") if (w := _AS_OF.search(sentence)) else None)
        stance = _stance(sentence, start)
        if stance and stance not in measure.split():
            measure = f"{measure} {stance}"
    return Figure(value=value or 0.0, raw=sentence[start:end], unit=unit, measure=measure,
                  approx=m.group("qual") is not None, as_of_text=as_of, claimant=claimant,
                  article_id=article_id, sentence=sentence.strip())


def find_figures(article: Article) -> list[Figure]:
    """Numbers that count or measure something, each with its sentence, unit, qualifier and claimant.

    Vague quantities ("dozens of settlements") are skipped: a float would claim a precision the text lacks.
    """
    figures: list[Figure] = []
    pattern = _FIGURE if article.language in (None, "en") else _FOREIGN_FIGURE
    for sentence in sentences(article.text):
        previous: Figure | None = None
        for m in pattern.finditer(sentence):
            figure = _figure(m, sentence, article.id, previous, article.language)
            if figure is not None:
                figures.append(figure)
                previous = figure
    return figures


def _base_unit(unit: str) -> str:
    """Unit spellings a model may use, mapped onto the ones code emits."""
    low = unit.strip().lower()
    for pattern, canonical in _UNITS:
        if pattern.fullmatch(" " + low) or low == canonical.lower():
            return canonical
    return unit.strip()


def in_base_unit(figure: Figure) -> tuple[float, str]:
    """Value in a unit shared by every way of writing it, so "nearly 500 square miles" compares with km²."""
    unit = _base_unit(figure.unit)
    return (figure.value * _MI2_IN_KM2, "km²") if unit == "mi²" else (figure.value, unit)


def is_bare_time_span(figure: Figure) -> bool:
    """A span of time with nothing said about what it measures ("78 years", "six hours"): no fact on its own."""
    return figure.unit in _TIME_UNITS and figure.measure.strip() == figure.unit


def says_only_time(figure: Figure) -> bool:
    """A span of time whose measure names no more than who holds it ("over two years", offered): a stance says who
    proposes the span, not what lasts that long, so as a fact on its own it tells a reader nothing."""
    stances = {name for name, _ in _STANCES}
    return figure.unit in _TIME_UNITS and [w for w in figure.measure.split() if w not in stances] == [figure.unit]


def is_bare_span(figure: Figure) -> bool:
    """A span of time or a sum of money with nothing said about what it measures ("six years", "€450
    million"): two of them agree when equal, but a restructuring cost is no contradiction of an investment."""
    money = figure.unit in ("EUR", "USD", "GBP") and figure.measure.strip() == figure.unit
    return money or is_bare_time_span(figure)


def measure_key(figure: Figure) -> str:
    """Which figures may be compared across sources.

    Areas all compare ("area:km²"): in one story an area is the territory claim, however the verb is worded.
    Anything else compares only with the same unit and the same measure wording, because flagging "100
    missiles fired" against "25 missiles promised" as a contradiction would be worse than missing a match.
    """
    unit = in_base_unit(figure)[1]
    if unit == "km²":
        return "area:km²"
    return f"{unit.lower()}:{' '.join(figure.measure.lower().split())}"


def number_values(text: str, language: str | None = None) -> list[tuple[str, float]]:
    """Each number written in digits, as written, with its value in the text's own notation and multiplier
    ("1.200 millones" -> 1.2e9 in Spanish): what must survive a translation."""
    pattern = _FIGURE if language in (None, "en") else _FOREIGN_FIGURE
    found = []
    for m in pattern.finditer(text):
        value = parse_number(m.group("num") + " " + (m.group("mult") or ""), language)
        if value is not None and any(ch.isdigit() for ch in m.group("num")):
            written = " ".join(filter(None, (m.group("num"), m.group("mult"))))
            found.append((written, round(value, 6)))
    return found


def stated_values(text: str, language: str | None = None) -> set[float]:
    """The numbers a text writes in digits, years left out, with hyphenated compounds read as words ("a 78-year-old
    man" states 78): the numbers two reports of one fact print alike in any language."""
    values = {value for _, value in number_values(text.replace("-", " "), language)}
    return {v for v in values if not (v.is_integer() and 1900 <= v <= 2100)}


def values_in(text: str, language: str | None = None) -> set[float]:
    """Every value the text states, with its multiplier and without it ("1.2 billion" gives 1.2e9 and 1.2)."""
    pattern = _FIGURE if language in (None, "en") else _FOREIGN_FIGURE
    values = {value for _, value in number_values(text, language)}
    values |= {round(v, 6) for m in pattern.finditer(text) if (v := parse_number(m.group("num"), language)) is not None}
    return values


def numbers_in(text: str) -> list[str]:
    """Every numeric token as written; years and dates included, since a claim may get those wrong too."""
    return [m.group() for m in _TOKENS.finditer(text)]


def _token_value(token: str) -> float | str:
    low = token.lower()
    if low in _MULTIPLIERS:
        return low
    return _WORDS[low] if low in _WORDS else float(low.replace(",", ""))


def _foreign_token_value(token: str) -> float | str:
    low = " ".join(token.lower().split())
    return _FOREIGN_MULTIPLIERS.get(low) or _foreign_value(token)


@functools.lru_cache(maxsize=64)
def _number_readings(text: str) -> frozenset[float | str]:
    """Every value the text's numbers can stand for, read the English way and the continental way ("1.200").
    Cached: every sentence of a summary is checked against the same text of all the articles."""
    return frozenset({*map(_token_value, numbers_in(text)), *map(_foreign_token_value, _FOREIGN_TOKENS.findall(text))})


def unsupported_numbers(claim_text: str, article_text: str, language: str | None = None) -> list[str]:
    """Numbers a claim states that its article never does: the model's likeliest invention.

    Compared by value, so "1,300" matches "1300", "three" matches "3" and "1.2 billion" matches a German
    "1,2 Milliarden"; a rescaled "1.3 thousand" does not. A claim's number passes if either reading of it is one
    the article's numbers can have. Number words count as their value in either text ("25" matches "twenty-five",
    "vingt-cinq" in a French ``language`` article).
    """
    known = _number_readings(article_text)
    missing = _missing_numbers(claim_text, known)
    if not missing:
        return missing
    known |= {*_number_readings(in_digits(article_text, language)), *_number_readings(in_digits(article_text))}
    if not _missing_numbers(in_digits(claim_text), known):
        return []
    return _missing_numbers(claim_text, known)


def _missing_numbers(claim_text: str, known: frozenset[float | str]) -> list[str]:
    missing: list[str] = []
    for token in numbers_in(claim_text):
        if token in missing or _token_value(token) in known:
            continue
        if re.fullmatch(_FOREIGN_NUMBER, token) and _foreign_value(token) in known:
            continue
        missing.append(token)
    return missing
