"""Finding and resolving dates in article text, in code, so a weak model cannot lose or invent them.

Regexes only *locate* candidate phrases; ``dateparser`` does all the parsing. English month and weekday names
for the regexes come from :mod:`calendar`; another language's ("11. März 2025", "12 de marzo", "martedì",
"gestern") come from dateparser's own locale data, so the words found are exactly the words it can parse.
Every public function takes the article's ``language`` (ISO 639-1); English patterns always apply as well.

Representative days for vague phrases (documented because the timeline shows them as dates):
``yesterday``/``today``/``tomorrow``, ``last week`` (reference - 7 days), ``next week`` (the Monday after the
reference: the earliest day it can mean, so reports of one meeting "next week" dated on different days of a week
meet on one date, and a timeline never puts it on a weekend), ``last month`` /
``next month`` (same day one month away) are resolved by dateparser against the reference; ``earlier this week``
is reference - 2 days and ``this week`` is the reference day (dateparser has no rule for them). A bare year
("2023") and "last/next year" are not reported as mentions: a year is too coarse to place an event on a timeline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from summarizer.schema import DateBasis
from summarizer.text.sentences import sentence_at, sentence_spans
from summarizer.text.words import alternation

MentionKind = Literal["absolute", "weekday", "relative", "period_end"]

_MONTH_WORDS = sorted({*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"}, key=len, reverse=True)
# A month name or abbreviation as a whole word ("August", "Aug", "Sept"); shared with figures.py.
MONTH_NAME = r"(?:" + "|".join(_MONTH_WORDS) + r")\b"
_MONTH = MONTH_NAME + r"\.?"
_WEEKDAY_NAMES = list(calendar.day_name)
_WEEKDAY = r"(?:" + "|".join(_WEEKDAY_NAMES) + r")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

# Absolute dates: "Aug. 6", "Sept. 5, 2024", "25 May 2024", "6th of August", "2024-08-31"; an optional leading
# weekday ("Saturday, 25 May 2024") belongs to the same mention. Month names must be capitalised so that "may"
# the verb never matches, and a day number is required so that "in May" alone is not a date.
_ABSOLUTE = re.compile(
    rf"(?:\b{_WEEKDAY},?\s+)?"
    rf"(?:\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"
    rf"|\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b)"
)
_TIME = re.compile(r"\b\d{1,2}(?::\d\d){1,2}(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?", re.IGNORECASE)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_WEEKDAY_PHRASE = re.compile(rf"(?:\b(?i:on|last|next|this|published|since|by|until)\s+)?\b{_WEEKDAY}\b")
_RELATIVE = re.compile(
    r"\b(?:earlier this week|this week|(?:last|next) (?:week|month)|yesterday|today|tomorrow)\b",
    re.IGNORECASE,
)
# English day offsets read without dateparser (the same days it gives); "earlier this week" is not one of its.
_CUSTOM_OFFSETS = {"earlier this week": -2, "this week": 0, "yesterday": -1, "today": 0, "tomorrow": 1,
                   "last week": -7}
# "Next week" as news copy also words it, beside dateparser's own ("la settimana prossima", "nächste Woche").
_NEXT_WEEK = {"it": ("prossima settimana",), "de": ("kommende Woche", "kommenden Woche", "nächsten Woche"),
              "nl": ("komende week",), "pt": ("semana que vem",), "es": ("próxima semana", "semana que viene"),
              "fr": ("semaine prochaine",)}
# "am Morgen" (in the morning) is not "morgen" (tomorrow), nor "por la mañana" "mañana": a day-relative word right
# after one of these is a time of day. Fixed-width look-behinds, one per preceding word.
_TIME_OF_DAY_BEFORE = "".join(rf"(?<!\b(?i:{w})\s)" for w in ("am", "la", "cada", "jeden", "den", "des", "del"))
_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|is expected|are expected|to attend|next|is due|are due|is scheduled|are scheduled|"
    r"plans to|is set to|are set to|is to|are to|(?:is|are|was|were) going to|until|till|expects?|expected to|tomorrow)\b",
    re.IGNORECASE,
)
# "from Wednesday", "a partir de quarta-feira", "ab Mittwoch": the start of something still ahead.
_FROM_BEFORE = re.compile(r"(?i)\b(?:from|starting|beyond|a partir de|à partir de|au-delà de|ab|über|vanaf|"
                          r"a partire da|oltre|más allá del?|para além de)\s+(?:on\s+)?$")
# "para amanhã, sexta-feira", "tomorrow, Friday": a weekday in apposition to "tomorrow" is that day, ahead ("am
# Morgen, Freitag" is a time of day, not tomorrow).
_TOMORROW_BEFORE = re.compile(rf"(?i){_TIME_OF_DAY_BEFORE}\b(?:tomorrow|amanhã|mañana|demain|domani|morgen)\s*,\s*$")
# "acties na vrijdag" (action after Friday) looks ahead too, per language: Portuguese "na sexta-feira" is "on
# Friday", and English "after Friday's vote" looks back.
_AFTER_BEFORE = {language: re.compile(rf"(?i)\b(?:{words})\s+$") for language, words in {
    "nl": "na", "de": "nach", "fr": "après", "it": "dopo", "es": "después del?", "pt": "depois de|após"}.items()}
# A past-tense verb right before the phrase ("began on Monday", "walked out on Monday"): whatever the rest of the
# sentence announces, this day is behind the dateline.
_PAST_BEFORE = re.compile(r"(?i)\b(?:\w{3,}ed|began|begun|went|came|took|made|held|met|left|broke|fell|rose|led|ran|"
                          r"won|lost|told|sent|gave|struck|said|hit)(?:\s+\S+){0,4}\s+(?:on\s+|last\s+)?$")
# Words of tense in other languages' news copy ("wird", "sera", "será", "sarà", "zal", "będzie"): a weekday after them
# is ahead. Per language, because one language's future is another's noun (French "sera" is Italian "evening").
_FOREIGN_FUTURE_WORDS: dict[str, str] = {
    "de": r"wird|werden|kommenden?|nächsten?|bis|erwartet|morgen",
    "fr": r"sera|seront|prochain|prochaine|jusqu['’](?:à|au)|demain|prévu|prévue",
    "es": r"será|serán|próximo|próxima|hasta|mañana|prevé|prevista|previsto|espera",
    "it": r"sarà|saranno|prossimo|prossima|fino a|domani|prevista|previsto|prevede",
    "nl": r"zal|zullen|volgende|komende|tot(?: en met)?|verwacht|morgen",
    "pt": r"até|irá|vai|vão|próxima|próximo|amanhã|prevista|previsto",
    "pl": r"będzie|będą|ma|mają|zostanie|zostaną|pozostanie|pozostaną|(?:co najmniej|aż) do|przyszł\w*|następn\w*|jutro|planuje",
}
_FOREIGN_FUTURE_CUES = {language: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
                        for language, words in _FOREIGN_FUTURE_WORDS.items()}
_ANY_FOREIGN_FUTURE_CUE = re.compile(rf"\b(?:{'|'.join(_FOREIGN_FUTURE_WORDS.values())})\b", re.IGNORECASE)


def _foreign_future_cue(language: str | None) -> re.Pattern[str] | None:
    """English has its own cues; an unknown language gets every language's."""
    return None if language == "en" else _FOREIGN_FUTURE_CUES.get(language or "", _ANY_FOREIGN_FUTURE_CUE)


# "by the end of 2026", "Ende des Monats", "a finales de 2026", "d'ici à la fin 2026", "entro la fine del 2026", "no
# final de 2026", "eind dit jaar": the last day of a year or month, which dateparser has no words for. Per language:
# the words for "end of", for "the year" and "the month" after them, and the one-word forms ("Jahresende").
_PERIOD_END_WORDS: dict[str, tuple[str, str, str, str]] = {
    "en": (r"(?:the\s+)?end\s+of\s+(?:(?:the|this)\s+)?", "year", "month", r"year[-’']s?\s?end|month-end"),
    "de": (r"Ende\s+(?:des\s+|dieses\s+|diesen\s+)?", r"Jahres|Jahrs", "Monats", r"Jahresende|Monatsende"),
    "fr": (r"(?:la\s+)?fin\s+(?:de\s+l['’]\s*|du\s+|de\s+(?:cette\s+)?|d['’]\s*)?", r"année|an", "mois", r"(?!)"),
    "es": (r"(?:finales|fin|final)\s+del?\s+(?:este\s+)?", "año", "mes", r"(?!)"),
    "it": (r"(?:la\s+)?fine\s+(?:dell['’]\s*|del\s+|di\s+|quest['’]\s*)?", "anno", "mese", r"(?!)"),
    "pt": (r"(?:final|fim)\s+d[eoa]\s+(?:este\s+)?", "ano", "mês", r"(?!)"),
    "nl": (r"(?:het\s+)?einde?\s+(?:van\s+)?(?:het\s+|de\s+|dit\s+|deze\s+)?", "jaar", "maand", r"jaareinde"),
}


@functools.lru_cache(maxsize=32)
def _period_end_patterns(language: str | None) -> tuple[re.Pattern[str], ...]:
    """English and the article's own language, like absolute dates."""
    languages = dict.fromkeys(["en", language or "en"])
    return tuple(_period_end_pattern(code) for code in languages if code in _PERIOD_END_WORDS)


def _period_end_pattern(language: str) -> re.Pattern[str]:
    lead, year_word, month_word, compound = _PERIOD_END_WORDS[language]
    months = MONTH_NAME if language == "en" else alternation(list(_vocabulary(language).months) or ["(?!)"])
    return re.compile(
        rf"(?<!\w)(?i:(?:{lead})(?:(?P<this_year>{year_word})|(?P<this_month>{month_word})|"
        rf"(?P<month>{months})(?:\s+(?:de\s+|del\s+)?(?P<month_year>{_YEAR}))?|(?P<year>{_YEAR}))|"
        rf"(?P<compound>{compound}))(?!\w)")


def _period_end(phrase: str, reference: dt.date | None, sentence: str, language: str | None) -> dt.date | None:
    """The last day of the year or month a period-end phrase names; a phrase without its year takes the reference's."""
    match = next((m for p in _period_end_patterns(language) if (m := p.search(phrase))), None)
    if match is None:
        return None
    printed_year = match["year"] or match["month_year"]
    year = int(printed_year) if printed_year else reference.year if reference else None
    if year is None:
        return None
    month = _month_number(match["month"], language) if match["month"] else None
    if match["this_month"] or (match["compound"] and re.search(r"(?i)month|monat", match["compound"])):
        month = reference.month if reference else None
        if month is None:
            return None
    if month is None:
        return dt.date(year, 12, 31)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    if not printed_year and reference and end < reference and _is_future(phrase, sentence or phrase, language):
        return dt.date(year + 1, month, calendar.monthrange(year + 1, month)[1])  # "by the end of March", ahead
    return end


def _month_number(word: str, language: str | None) -> int | None:
    english = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    english |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    return {**english, **_vocabulary(language).months}.get(word.lower().rstrip("."))


@dataclass(frozen=True)
class _Vocabulary:
    """One language's date words, from dateparser's locale data: months, weekdays and day-relative words."""

    absolute: re.Pattern[str] | None
    month: re.Pattern[str] | None
    weekday: re.Pattern[str] | None
    relative: re.Pattern[str] | None
    weekdays: dict[str, int]
    months: dict[str, int] = field(default_factory=dict)
    next_week: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=32)
def _vocabulary(language: str | None) -> _Vocabulary:
    """Only full words (four letters and more): abbreviations such as Spanish "ago" or French "mar" are also
    ordinary words, and a date must never be read out of one."""
    empty = _Vocabulary(None, None, None, None, {}, {})
    if not language or language == "en":
        return empty
    try:
        from dateparser.languages import default_loader

        info = default_loader.get_locale(language).info
    except Exception:  # noqa: BLE001 - an unknown language code just means "English patterns only"
        return empty
    names = [n.lower() for n in calendar.month_name[1:]]
    month_index = {w.lower(): i for i, name in enumerate(names, start=1) for w in info.get(name, [])
                   if len(w) >= 4 and w.isalpha()}
    months = list(month_index)
    weekdays = {w.lower(): i for i, name in enumerate(calendar.day_name)
                for w in info.get(name.lower(), []) if len(w) >= 4}
    relative_words = info.get("relative-type", {})
    next_week = {w.lower() for w in [*relative_words.get("in 1 week", []), *_NEXT_WEEK.get(language, ())]
                 if len(w) >= 8}
    days = [w for key in ("0 day ago", "1 day ago", "in 1 day") for w in relative_words.get(key, []) if len(w) >= 3]
    weeks = [w for key in ("0 week ago", "1 week ago") for w in relative_words.get(key, []) if len(w) >= 8]
    weeks += sorted(next_week)
    if not months:
        return empty
    month = rf"(?i:{alternation(months)})\b"
    absolute = re.compile(rf"\b{_DAY}\.?(?:er|º|°)?\s+(?:de\s+)?{month}(?:\s+(?:de\s+|del\s+)?{_YEAR}\b)?")
    weekday = re.compile(rf"\b(?i:{alternation(list(weekdays))})\b") if weekdays else None
    # Only a day word can be a time of day ("por la mañana"); "la prossima settimana" is next week.
    relative = [rf"{_TIME_OF_DAY_BEFORE}(?i:{alternation(days)})"] if days else []
    relative += [rf"(?i:{alternation(weeks)})"] if weeks else []
    relative_pattern = re.compile(rf"(?<!\w)(?:{'|'.join(relative)})(?!\w)") if relative else None
    return _Vocabulary(absolute, re.compile(rf"(?<!\w){month}"), weekday, relative_pattern, weekdays, month_index,
                       frozenset(next_week))


def calendar_words(text: str, language: str | None) -> set[str]:
    """The weekdays and months a text names, language-neutral ("weekday 2", "month 9"): what a translation must
    keep, since "mercoledì" becoming "Monday" moves an event."""
    table = _calendar_table(language)
    return {table[word] for word in re.findall(r"[^\W\d_]+", text.lower()) if word in table}


@functools.lru_cache(maxsize=32)
def _calendar_table(language: str | None) -> dict[str, str]:
    """Weekday and month words of English and ``language`` -> "weekday N" / "month N", built once per language."""
    own = _vocabulary(language)
    weekdays = {**{name.lower(): i for i, name in enumerate(calendar.day_name)}, **own.weekdays}
    months = {**{name.lower(): i for i, name in enumerate(calendar.month_name) if name}, **own.months}
    return {**{word: f"weekday {i}" for word, i in weekdays.items()}, **{word: f"month {i}" for word, i in months.items()}}


def month_pattern(language: str | None) -> re.Pattern[str] | None:
    """Month names of a language other than English (case-insensitive), for telling "14 juni" from a count."""
    return _vocabulary(language).month


def _absolute_matches(text: str, language: str | None) -> list[re.Match[str]]:
    """English and the article's own language: outlets print foreign datelines ("BRUSSELS, March 11") anyway."""
    foreign = _vocabulary(language).absolute
    return [*_ABSOLUTE.finditer(text), *(foreign.finditer(text) if foreign else ())]


@dataclass(frozen=True)
class DateMention:
    """A date phrase as written, with its sentence, so a resolver can read tense from the context."""

    text: str
    sentence: str
    start: int
    kind: MentionKind = "absolute"


def _parse(phrase: str, settings: dict[str, object], language: str | None = None) -> dt.datetime | None:
    """Call dateparser lazily (it is slow to import) and never let its exceptions escape."""
    frozen = tuple((key, tuple(value) if isinstance(value, list) else value) for key, value in sorted(settings.items()))
    known = language not in (None, "en") and _vocabulary(language).absolute is not None
    return _parse_cached(phrase, frozen, (str(language), "en") if known else ("en",))


@functools.lru_cache(maxsize=4096)
def _parse_cached(phrase: str, settings: tuple[tuple[str, object], ...], languages: tuple[str, ...]) -> dt.datetime | None:
    """~13 ms a call, and news corpora repeat the same date phrases across articles."""
    import dateparser

    options = {key: list(value) if isinstance(value, tuple) else value for key, value in settings}
    try:
        return dateparser.parse(phrase, languages=list(languages), settings=options)
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input; garbage means "no date"
        return None


def find_date_mentions(text: str, language: str | None = None) -> list[DateMention]:
    """Absolute dates win over weekday and relative phrases that overlap them; mentions come back in text order."""
    found: list[tuple[int, int, MentionKind]] = []
    own = _vocabulary(language)
    patterns: list[tuple[re.Pattern[str] | None, MentionKind]] = [
        (_ABSOLUTE, "absolute"), (own.absolute, "absolute"),
        (_WEEKDAY_PHRASE, "weekday"), (own.weekday, "weekday"),
        *((pattern, "period_end") for pattern in _period_end_patterns(language)),
        (_RELATIVE, "relative"), (own.relative, "relative"),
    ]
    for pattern, kind in patterns:
        for match in pattern.finditer(text) if pattern else ():
            if all(match.end() <= s or match.start() >= e for s, e, _ in found):
                found.append((match.start(), match.end(), kind))
    spans = sentence_spans(text)
    return [
        DateMention(text=text[s:e], sentence=sentence_at(spans, text, s), start=s, kind=kind)
        for s, e, kind in _next_week_days(sorted(found), text, language)
    ]


def _next_week_days(found: list[tuple[int, int, MentionKind]], text: str, language: str | None
                    ) -> list[tuple[int, int, MentionKind]]:
    """A weekday next to "next week" ("volgende week dinsdag", "Tuesday next week") is one mention, that week's
    day, not a Monday and a weekday of this week."""
    joined: list[tuple[int, int, MentionKind]] = []
    for start, end, kind in found:
        if joined:
            last_start, last_end, last_kind = joined[-1]
            kinds = {kind, last_kind}
            if kinds == {"weekday", "relative"} and not text[last_end:start].strip(" ,\xa0") and _is_next_week(
                    text[start:end] if kind == "relative" else text[last_start:last_end], language):
                joined[-1] = (last_start, end, "weekday")
                continue
        joined.append((start, end, kind))
    return joined


_AFTER_DATELINE = re.compile(r"^[\s,.:|–—-]+")
# A translated dateline ends at its dash ("Brussels, September 7 – The secretary general …").
_TRANSLATED_DATELINE = re.compile(r"^[^–—]{3,80}?\s[–—-]\s+")


def after_dateline(sentence: str, dateline_text: str | None, translation: str | None = None) -> tuple[str, str | None]:
    """A lead sentence without the dateline it opens with ("MERIDA, Spain, Nov 11 (Atlas) - Two people …" reads
    from "Two people"), and its ``translation`` without the translated dateline: the dateline dates the article,
    it is not part of what happened."""
    if not dateline_text or not sentence.startswith(dateline_text):
        return sentence, translation
    rest = _AFTER_DATELINE.sub("", sentence[len(dateline_text):])
    return rest, _TRANSLATED_DATELINE.sub("", translation, count=1) if translation else translation


def without_dates(text: str, language: str | None = None) -> str:
    """The text with its date phrases blanked out: "11 novembre 2025" and "on Monday" name a day, not a detail
    two reports could share by chance."""
    for mention in reversed(find_date_mentions(text, language)):
        text = text[:mention.start] + " " + text[mention.start + len(mention.text):]
    return text


def _absolute_with_year(phrase: str, language: str | None = None) -> dt.date | None:
    if not _HAS_YEAR.search(phrase):
        return None
    if _ABSOLUTE.fullmatch(phrase.strip()):
        return _english_date(phrase.strip())
    parsed = _parse(phrase, {"REQUIRE_PARTS": ["day", "month", "year"]}, language)
    return parsed.date() if parsed else None


_MONTH_BY_PREFIX = {name[:3].lower(): i for i, name in enumerate(calendar.month_name) if name}


def _english_date(phrase: str) -> dt.date | None:
    """A date in one of the English forms ``_ABSOLUTE`` reads ("August 31, 2024", "Saturday, 25 May 2024",
    "Sept. 5, 2024", "2024-08-31"), read from the match itself: dateparser's first call compiles its time-zone
    patterns (about half a second of an offline run whose datelines are all English)."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", phrase):
        return dt.date.fromisoformat(phrase)
    year = _HAS_YEAR.search(phrase)
    month_day = _english_month_day(phrase[:year.start()] + phrase[year.end():]) if year else None
    if not (year and month_day):
        return None
    return with_year(month_day, int(year.group()))


def _english_month_day(phrase: str) -> tuple[int, int] | None:
    """Month and day of a year-less English date ("Aug. 6", "6th of August"), read without dateparser."""
    month = re.search(MONTH_NAME, phrase)
    day = re.search(rf"\b{_DAY}\b", phrase)
    if not (month and day):
        return None
    return _MONTH_BY_PREFIX[month.group()[:3].lower()], int(re.sub(r"\D", "", day.group()))


# A dateline opening the first paragraph, as wires and papers print it: "MERIDA, Spain, Nov 11 (Atlas) -",
# "MÉRIDA, 11 Nov. (AIN) -", "(ANSA) - LISBONA, 16 OTT -", "Bruxelles, le 7 septembre –", "ROTTERDAM, 16. September.",
# "MÉRIDA (Espagne), le 11 novembre 2025 –" (the country in brackets after the place).
_DATELINE_OPENING = re.compile(
    r"^(?:\([^)\n]{2,25}\)\s*[-–—]\s*)?[A-ZÀ-Þ][\w'’./ -]{1,40}?(?:\s*\([^)\n]{2,25}\))?,\s*"
    r"(?:[A-ZÀ-Þ][\w'’ -]{1,25},\s*)?(?:le\s+)?"
    r"(?P<date>\d{1,2}\.?\s+[^\W\d_]{3,}\.?(?:\s+\d{4})?|[^\W\d_]{3,}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
    r"\s*(?:\([^)\n]{2,25}\))?\s*(?:[-–—:.]|$)")
# A numeric date in a byline or time stamp: "16.10.2025, 18:20 Uhr", "07-09-2025, 15:40" (day first, as in Europe).
_NUMERIC_DATE = re.compile(r"\b(?P<d>[0-3]?\d)[.-](?P<m>[01]?\d)[.-](?P<y>(?:19|20)\d\d)\b")
# Words a byline or time-stamp line may carry besides its date ("By Tom Hartley |", "Door onze verslaggever |").
_BYLINE_WORDS = 6


@dataclass(frozen=True)
class Dateline:
    """The article's own date as printed. ``date`` is None when the line gives no year (wires often don't):
    ``month_day`` then waits for the year of the other articles."""

    text: str
    date: dt.date | None
    month_day: tuple[int, int] | None = None


def find_dateline(lines: list[str], language: str | None = None) -> Dateline | None:
    """A dateline is a short line that is almost all date, a byline or time stamp with a date, or the place-and-
    date prefix of the first paragraph; a date inside a caption or sentence is not one."""
    non_empty = [line.strip() for line in lines if line.strip()][:12]
    for line in non_empty:
        if len(line) > 80:
            continue
        if found := _numeric_dateline(line):
            return found
        for mention in _absolute_matches(line, language):
            date = _absolute_with_year(mention.group(), language)
            leftover = _TIME.sub(" ", line[: mention.start()] + " " + line[mention.end() :])
            words = re.findall(r"[^\W\d_]+", leftover)
            allowed = _BYLINE_WORDS if "|" in line else 4
            if date and len(words) <= allowed and not re.search(r"\w\.\s+\w", leftover):
                return Dateline(line, date)
    for line in non_empty[:3]:
        if (opening := _DATELINE_OPENING.match(line)) and (found := _opening_date(opening, language)):
            return found
    return None


def _numeric_dateline(line: str) -> Dateline | None:
    m = _NUMERIC_DATE.search(line)
    if m is None or len(re.findall(r"[^\W\d_]+", _TIME.sub(" ", line))) > _BYLINE_WORDS:
        return None
    try:
        return Dateline(line, dt.date(int(m["y"]), int(m["m"]), int(m["d"])))
    except ValueError:
        return None


def _opening_date(opening: re.Match[str], language: str | None) -> Dateline | None:
    """The date of a dateline prefix, read by dateparser in the article's language (abbreviations included:
    in a dateline "16 OTT" can only be a date)."""
    phrase = opening["date"].rstrip(".")
    languages = list(dict.fromkeys([language or "en", "en"]))
    try:
        import dateparser

        parsed = dateparser.parse(phrase, languages=languages,
                                  settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    except Exception:  # noqa: BLE001 - a phrase dateparser cannot read is simply not a dateline
        return None
    if parsed is None:
        return None
    text = opening.group().rstrip(" -–—:.")
    if _HAS_YEAR.search(phrase):
        return Dateline(text, parsed.date())
    return Dateline(text, None, (parsed.month, parsed.day))


def with_year(month_day: tuple[int, int], year: int) -> dt.date | None:
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None


def _month_day(phrase: str, year: int, reference: dt.date | None, language: str | None) -> dt.date | None:
    """Give a year-less date the reference's year, or the year before if that would put it well after the reference."""
    month_day = _english_month_day(phrase) if _ABSOLUTE.fullmatch(phrase.strip()) else None
    if month_day is None:
        parsed = _parse(phrase, {"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)}, language)
        if parsed is None:
            return None
        month_day = parsed.month, parsed.day
    date = with_year(month_day, year)
    if date is not None and reference is not None and date > reference + dt.timedelta(days=62):
        date = with_year(month_day, year - 1)
    return date


def _is_future(when: str, sentence: str, language: str | None = None) -> bool:
    """Read tense from the clause around the phrase, so "will develop next, X said on Thursday" stays past."""
    if re.search(r"\bnext\b", when, re.IGNORECASE):
        return True
    index = sentence.find(when)
    if index < 0:
        return _has_future_cue(sentence, language)
    after = _AFTER_BEFORE.get(language or "en")
    before = sentence[:index]
    if _FROM_BEFORE.search(before) or _TOMORROW_BEFORE.search(before) or (after and after.search(before)):
        return True
    left = re.split(r"[,;:—–]", sentence[:index])[-1]
    if language in (None, "en") and _PAST_BEFORE.search(left) and not _FUTURE_CUES.search(left):
        return False
    if _FUTURE_CUES.search(when):  # "until Friday", the phrase's own word: "had until Friday" is a deadline ahead
        return True
    right = re.split(r"[,;:—–]", sentence[index + len(when) :])[0]
    clause = f"{left} {right}"
    return _has_future_cue(clause, language)


def _has_future_cue(text: str, language: str | None) -> bool:
    """English cues count in every language: a translated sentence is read with the source's language."""
    foreign = _foreign_future_cue(language)
    return bool(_FUTURE_CUES.search(text) or (foreign and foreign.search(text)))


def _weekday_index(when: str, language: str | None) -> int | None:
    name = next((n for n in _WEEKDAY_NAMES if re.search(rf"\b{n}\b", when, re.IGNORECASE)), None)
    if name is not None:
        return _WEEKDAY_NAMES.index(name)
    weekdays = _vocabulary(language).weekdays
    return next((i for word, i in weekdays.items() if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", when, re.I)), None)


def _weekday(when: str, reference: dt.date, sentence: str, language: str | None) -> dt.date | None:
    target = _weekday_index(when, language)
    if target is None:
        return None
    if _is_next_week(when, language):  # "volgende week dinsdag", "Tuesday next week": that week's day
        return _monday_after(reference) + dt.timedelta(days=target)
    if target == reference.weekday():
        return reference - dt.timedelta(days=7) if re.search(r"\blast\b", when, re.IGNORECASE) else reference
    if _is_future(when, sentence, language):
        return reference + dt.timedelta(days=(target - reference.weekday()) % 7)
    return reference - dt.timedelta(days=(reference.weekday() - target) % 7)


def _monday_after(reference: dt.date) -> dt.date:
    """The day "next week" stands for: its Monday."""
    return reference + dt.timedelta(days=7 - reference.weekday())


def _is_next_week(phrase: str, language: str | None) -> bool:
    folded = " ".join(phrase.lower().split())
    return "next week" in folded or any(words in folded for words in _vocabulary(language).next_week)


def _relative(phrase: str, reference: dt.date, language: str | None) -> dt.date | None:
    key = phrase.lower()
    if key in _CUSTOM_OFFSETS:
        return reference + dt.timedelta(days=_CUSTOM_OFFSETS[key])
    if key == "next week" or key in _vocabulary(language).next_week:
        return _monday_after(reference)
    base = dt.datetime(reference.year, reference.month, reference.day)
    parsed = _parse(key, {"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}, language)
    return parsed.date() if parsed else None


def resolve_date(
    when: str, reference: dt.date | None, *, sentence: str = "", year_hint: int | None = None,
    language: str | None = None,
) -> tuple[dt.date | None, DateBasis]:
    """Only a date written with its year is "stated"; anything needing the reference is "inferred" by design."""
    if not isinstance(when, str) or not when.strip() or len(when) > 200:
        return None, "unknown"
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    if any(p.search(when) for p in _period_end_patterns(language)):
        end = _period_end(when, reference, sentence, language) if reference or _HAS_YEAR.search(when) else None
        return (end, "inferred") if end else (None, "unknown")
    absolute = next(iter(_absolute_matches(when, language)), None)
    if absolute:
        stated = _absolute_with_year(absolute.group(), language)
        if stated:
            return stated, "stated"
        year = reference.year if reference else year_hint
        date = _month_day(absolute.group(), year, reference, language) if year else None
        return (date, "inferred") if date else (None, "unknown")
    if reference is None:
        return None, "unknown"
    foreign_relative = _vocabulary(language).relative
    relative = _RELATIVE.search(when) or (foreign_relative.search(when) if foreign_relative else None)
    date = (_relative(relative.group(), reference, language) if relative and _weekday_index(when, language) is None
            else _weekday(when, reference, sentence or when, language))
    return (date, "inferred") if date else (None, "unknown")
