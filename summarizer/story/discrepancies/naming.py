"""Naming discrepancies: one interview credited to different outlets."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.schema import Article, Discrepancy, Quote, Side
from summarizer.story.discrepancies.quotes import MIN_QUOTE_WORDS
from summarizer.story.groups import group_where
from summarizer.text.names import skeleton
from summarizer.text.quotes import find_quotes
from summarizer.text.sentences import sentences
from summarizer.text.verbatim import quote_key

# Articles whose datelines are at most this far apart may be reporting the same interview.
SAME_PERIOD_DAYS = 7
# partial_ratio above which two quotations are the same words (one quoting the other, or both one speech).
SAME_QUOTE_RATIO = 85
# Descriptors that make a following capitalised name an outlet ("newspaper Die Welt", "quotidiano tedesco Die Welt",
# "Duitse krant Welt am Sonntag"), in the supported languages.
_MEDIUM = (r"(?:newspaper|magazine|daily|weekly|broadcaster|tabloid|news agency|agency|outlet|television|TV|radio|"
           r"Zeitung|Tageszeitung|Wochenzeitung|Magazin|journal|quotidien|hebdomadaire|diario|periódico|semanario|"
           r"quotidiano|giornale|settimanale|krant|dagblad|weekblad|jornal|diário|semanário)")
# A country's possessive ("Germany's Welt am Sonntag"), an adjective before the medium ("German", "Duitse",
# "deutschen") or a lowercase one after it ("quotidiano tedesco", "diario español").
_DESCRIPTOR = (rf"(?:[A-Z][a-z]+['’]s|(?:(?:[A-Z][a-z]+|U\.S\.|[a-zäöü]+e[nr]?)\s+)?{_MEDIUM}"
               r"(?:\s+[a-zà-ÿ]+(?=\s+[„\"«“]?[A-Z]))?)")
# An outlet name: capitalised words, optionally joined by the lowercase particles of titles ("Welt am Sonntag").
_OUTLET_NAME = r"(?:The\s+)?[A-Z][\w&.-]*(?:\s+(?:(?:am|an|de|del|der|des|du|la|le|of|and)\s+)?[A-Z][\w&.-]*)*"
# Audiences that are not a named outlet; they are recognised so they are never read as an outlet name.
_GENERIC_AUDIENCE = (
    r"(?:[A-Z][a-z]+\s+)?(?:media|press|reporters|journalists|lawmakers|Presse|Journalisten|Reportern|Medien|"
    r"presse|journalistes|periodistas|prensa|medios|giornalisti|stampa|cronisti|journalisten|pers|jornalistas|"
    r"imprensa)\b|a (?:news |press )?conference\b"
)
# What puts a remark in an outlet, per language: "told German newspaper Die Welt", "in an interview with The
# Economist", "speaking to Welt am Sonntag", "sagte Aagaard der „Welt am Sonntag“", "en declaraciones al diario El
# País", "in un'intervista al quotidiano tedesco Die Welt", "in een interview met de Duitse krant …", "em
# entrevista ao jornal …". ``named`` is a speaker printed inside the phrase ("sagte Aagaard der").
_VERBS = (
    r"(?:said\s+)?in\s+an\s+interview\s+with|interview\s+with|told|according\s+to|speaking\s+to|"
    r"sagte\s+(?P<named>(?-i:[A-ZÄÖÜ][\w-]+))\s+(?:der|dem)|im\s+Interview\s+mit\s+(?:der|dem)|gegenüber\s+(?:der|dem)|"
    r"en\s+declaraciones\s+(?:al|a\s+la)|en\s+una\s+entrevista\s+(?:con|al|a)(?:\s+(?:el|la))?|"
    r"in\s+un['’]intervista\s+(?:al|alla|a|con)|ha\s+(?:detto|dichiarato)\s+(?:al|alla)|"
    r"dans\s+un\s+entretien\s+(?:au|à|avec)|a\s+(?:déclaré|confié)\s+au|"
    r"in\s+een\s+interview\s+met(?:\s+de|\s+het)?|"
    r"em\s+entrevista\s+(?:ao|à|a)|(?:disse|declarou)\s+(?:ao|à)"
)
_ATTRIBUTION = re.compile(
    rf"(?i:\b(?P<verb>{_VERBS}))\s+"
    rf"(?:(?P<descriptor>{_DESCRIPTOR})\s+)?[„\"«“]?\s*"
    rf"(?:(?P<generic>{_GENERIC_AUDIENCE})|(?P<outlet>{_OUTLET_NAME})\b(?!['’]s\b))"
)
# Verbs that name an outlet only with a descriptor or in an article about an interview ("told Zelensky" is a person).
_BARE_VERBS = frozenset({"told", "according to", "speaking to"})
_INTERVIEW = re.compile(r"(?i)\b(?:interview|entretien|entrevista|intervista|gesprek)")
# A run of capitalised words (a speaker's name and title) at the end of the text before an attribution verb,
# allowing up to two lowercase words in between ("Zelenskyy confirmed in an interview with").
_SPEAKER = re.compile(r"([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)[,]?(?:\s+[a-z]+){0,2}\s*$")
# Pronouns and sentence openers that are not speakers.
_NOT_SPEAKERS = frozenset({"He", "She", "They", "It", "We", "I", "The", "This", "That", "Source", "Quote"})
# Particles dropped when comparing outlet names, so "The Economist" and "Economist" are one outlet.
_OUTLET_PARTICLES = frozenset({"the", "die", "der", "das", "le", "la", "les", "el"})


@dataclass(frozen=True)
class Attribution:
    """Who said something to which outlet, as written; ``generic`` ones ("told reporters") name no outlet."""

    article_id: str
    speaker: str | None
    outlet: str
    written: str
    sentence: str
    generic: bool


def _speaker_before(before: str) -> str | None:
    match = _SPEAKER.search(before)
    if not match:
        return None
    words = [w for w in match.group(1).split() if w not in _NOT_SPEAKERS]
    return words[-1] if words else None


def find_attributions(article: Article, quoted: Sequence[str] = ()) -> list[Attribution]:
    """Bare "told X" is read as an outlet only with a descriptor ("newspaper") or in an article that mentions an
    interview, because "Stoltenberg told Zelensky" names a person, not a publication. The speaker is the name
    printed in the phrase or just before it when that is one the article quotes; otherwise the person the
    article quotes most, whose interview it reports ("che in un'intervista al quotidiano tedesco Die Welt");
    ``quoted`` are the surnames of the people its checked quotations are attributed to, most quoted first."""
    found: list[Attribution] = []
    for sentence in sentences(article.full_text):
        for match in _ATTRIBUTION.finditer(sentence):
            bare = " ".join(match["verb"].casefold().split()) in _BARE_VERBS and not match["descriptor"]
            if match["outlet"] and bare and not _INTERVIEW.search(article.full_text):
                continue
            if match["outlet"] and re.fullmatch(_MEDIUM, match["outlet"].rstrip("."), re.IGNORECASE):
                continue  # "sagte Müller der Zeitung": German capitalises the noun, it names no outlet
            outlet = (match["generic"] or match["outlet"]).rstrip(".")
            written = " ".join(p for p in (match["descriptor"], outlet) if p)
            found.append(
                Attribution(
                    article_id=article.id,
                    speaker=_speaker(match["named"] or _speaker_before(sentence[: match.start()]), quoted),
                    outlet=outlet,
                    written=written,
                    sentence=sentence,
                    generic=match["generic"] is not None,
                )
            )
    return found


def _quoted_surnames(quotes: Sequence[Quote]) -> dict[str, list[str]]:
    """Per article, the surnames of the people its checked quotations are attributed to, most quoted first."""
    by_article: dict[str, Counter[str]] = defaultdict(Counter)
    for quote in quotes:
        if quote.speaker:
            by_article[quote.article_id][quote.speaker.split()[-1]] += 1
    return {article_id: [name for name, _ in counts.most_common()] for article_id, counts in by_article.items()}


def _speaker(printed: str | None, quoted: list[str]) -> str | None:
    """The printed name when the article quotes that person or quotes no one; else its most quoted person."""
    if printed and (not quoted or skeleton(printed) in {skeleton(q) for q in quoted}):
        return printed
    return quoted[0] if quoted else printed


def _outlet_key(outlet: str) -> str:
    return " ".join(w for w in outlet.casefold().split() if w not in _OUTLET_PARTICLES)


@functools.lru_cache(maxsize=1024)
def _quotations(article: Article) -> tuple[str, ...]:
    """The article's quoted speech as found by ``quotes.find_quotes``, once per article however many pairs ask."""
    keys = (quote_key(q.text) for q in find_quotes(article))
    return tuple(k for k in keys if len(k.split()) >= MIN_QUOTE_WORDS)


def _far_apart(a: Article, b: Article) -> bool:
    return bool(a.dateline and b.dateline and abs((a.dateline - b.dateline).days) > SAME_PERIOD_DAYS)


def _linked(a: Article, b: Article) -> bool:
    """Same interview evidence: datelines days apart, or (for an undated article) a shared quotation, since the
    words an interview produced travel with it while the sentences around them are rewritten."""
    if a.id == b.id or (a.dateline and b.dateline and not _far_apart(a, b)):
        return True
    return any(fuzz.partial_ratio(x, y) >= SAME_QUOTE_RATIO for x in _quotations(a) for y in _quotations(b))


def _naming_note(outlets: list[str]) -> str:
    shared = set.intersection(*(set(_outlet_key(o).split()) for o in outlets))
    if shared:
        word = sorted(shared)[0].capitalize()
        return f"possibly the same {word} group interview under two names, or two publications"
    return "different outlets credited with what may be the same interview; check which one ran it"


def _same_interview(members: list[Attribution], article: Article, by_id: dict[str, Article]) -> bool:
    """Linked to one member and dated far from none."""
    return (not any(_far_apart(by_id[m.article_id], article) for m in members)
            and any(_linked(by_id[m.article_id], article) for m in members))


def _written(items: list[Attribution], by_id: dict[str, Article]) -> str:
    """The fullest way the articles write the outlet, from an English one where there is one: the briefing's
    labels are English, and "Germany's Welt am Sonntag" reads there where "Duitse krant Welt am Sonntag" does not."""
    english = [i for i in items if by_id[i.article_id].language in (None, "en")]
    return max((i.written for i in english or items), key=len)


def _one_outlet_under_two_names(outlets: dict[str, list[Attribution]]) -> dict[str, list[Attribution]]:
    """When some outlets credited with one interview share a name word ("Die Welt", "Welt am Sonntag"), those are
    the discrepancy; an unrelated one beside them ("El País") is a partner of a joint interview, as European papers
    often run one together, not a third name for it."""
    words = {key: set(key.split()) for key in outlets}
    related = {key for key in outlets if any(words[key] & words[other] for other in outlets if other != key)}
    return {key: items for key, items in outlets.items() if key in related} if related else outlets


def naming_discrepancies(articles: list[Article], quotes: Sequence[Quote] = ()) -> list[Discrepancy]:
    """An attribution joins a group if it is linked to one member and dated far from none, so an undated
    article cannot chain two interviews months apart into one. ``quotes`` (checked, with speakers) tell whose
    interview an article reports when no name is printed beside the outlet."""
    by_id = {a.id: a for a in articles}
    quoted = _quoted_surnames(quotes)
    by_speaker: dict[str, list[Attribution]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: (a.dateline is None, a.dateline or dt.date.min, a.id)):
        for attribution in find_attributions(article, quoted.get(article.id, [])):
            if attribution.speaker and not attribution.generic:
                by_speaker[skeleton(attribution.speaker)].append(attribution)
    found: list[Discrepancy] = []
    for attributions in by_speaker.values():
        for same_interview in group_where(attributions, lambda g, item: _same_interview(g, by_id[item.article_id], by_id)):
            outlets: dict[str, list[Attribution]] = defaultdict(list)
            for item in same_interview:
                outlets[_outlet_key(item.outlet)].append(item)
            outlets = _one_outlet_under_two_names(outlets)
            if len(outlets) < 2 or len({i.article_id for items in outlets.values() for i in items}) < 2:
                continue
            sides = tuple(
                Side(
                    says=f"{items[0].speaker} spoke to {_written(items, by_id)}",
                    article_ids=tuple(sorted({i.article_id for i in items})),
                    claimant=items[0].speaker,
                )
                for items in outlets.values()
            )
            names = [items[0].outlet for items in outlets.values()]
            found.append(
                Discrepancy(
                    kind="naming",
                    topic=f"{same_interview[0].speaker} interview: {' or '.join(names)}?",
                    sides=sides,
                    note=_naming_note(names),
                )
            )
    return found
