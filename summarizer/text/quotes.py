"""Quotations: found in code, verified when the model proposes them, merged per article.

A quotation is shown as a quotation only if its words occur verbatim in the article, so every path here ends in
``locate_quote``. Code finds what quotation marks make plain; the model may add what code misses, but never text
that is not in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from summarizer.schema import Article, Quote
from summarizer.text.names import is_title, strip_titles
from summarizer.text.normalise import fold, fold_with_offsets, normalise_typography
from summarizer.text.verbatim import locate_quote, locate_spans, quote_key, same_words
from summarizer.text.words import content_words, holds_most

_MAX_QUOTE = 1500  # a pair of marks further apart than this is a stray mark, not one quotation
MIN_WORDS = 4  # fewer words inside marks is a scare quote or a term, not speech, unless someone is named calling it so
_NEAR_MISS = 90  # rapidfuzz partial_ratio at or above which a rejected quote is called a near-verbatim paraphrase

# Any double quotation mark, curly or straight; whether it opens or closes is read from its neighbours.
_DOUBLE = re.compile(r"[“”\"]")
# A curly single-quoted span on one line; ’ followed by a letter is an apostrophe inside it, not its end.
_SINGLE = re.compile(r"‘((?:[^‘’\n]|’(?=[A-Za-z]))+)’(?![A-Za-z])")
# Marks of other languages that come in open/close pairs: French and Spanish « », German and Czech „ “ (or
# Polish „ ”), their single forms ‚ ‘, and CJK corner brackets. German » « is handled by _guillemet_spans.
_PAIRED = (re.compile(r"„([^„“”\n]{1,1500}?)[“”]"), re.compile(r"‚([^‚‘’\n]{1,300}?)[‘’](?![A-Za-z])"),
           re.compile(r"「([^」]{1,1500}?)」"), re.compile(r"『([^』]{1,1500}?)』"))
# "Quote:"-style labels of the common European languages.
_QUOTE_LABEL = r"(?:Quote|Zitat|Citation|Cita|Citazione|Citaat|Citação)[ \t\xa0]?:"
# A "Quote:" line whose content is not wrapped in marks (wrapped ones are found by _DOUBLE).
_QUOTE_LINE = re.compile(rf"^[ \t]*{_QUOTE_LABEL}[ \t]*(?![“\"‘«»„])(\S.*?)[ \t]*$", re.M)
# Capital letters of the Latin alphabets news in European languages is written in.
_UPPER = "A-ZÀ-ÖØ-ÞŁŚŹŻČŠŽĆŇŘĎŤ"
# One capitalised name token: "Stoltenberg", "Secretary-General", "O’Brien", "Łukasz"; stops before a possessive ’s.
_TOKEN = rf"[{_UPPER}][a-zß-öø-ÿā-ž]+(?:['’-][{_UPPER}][a-zß-öø-ÿā-ž]+)?"
# A run of capitalised tokens on one line: a name with its titles, e.g. "Foreign Minister Dmytro Kuleba".
_RUN = re.compile(rf"\b{_TOKEN}(?:[ \xa0]+{_TOKEN}){{0,5}}\b")
# Verbs of saying that tie a name to a quote ("believed" too: reported views are still that person's words).
_VERBS = (r"(?:said|says|saying|stated|states|told|tells|added|adding|noted|stressed|emphasi[sz]ed|critici[sz]ed|"
          r"commented|acknowledged|urged|warned|explained|insisted|argued|declared|wrote|asserted|believed|believes|"
          r"asked|replied|announced)")
# Speaker before the quote: "Josep Borrell said, “…", "He also criticised …: “…", "with Stoltenberg saying “…".
_HEAD = re.compile(rf"(?P<who>{_RUN.pattern}|\bhe|\bshe)"
                   rf"(?:[ \xa0]+(?:also|earlier|later|then|again|has|had|have))*[ \xa0]+{_VERBS}\b")
# Speaker right after the quote: "…,” Stoltenberg told …", "…,” he added", "…,” said Kuleba", "…,” Elena
# Varga, the EU competition commissioner, said".
_TAIL = re.compile(rf"^[ \xa0,;:]*[\"”’]?[ \xa0,]*(?:(?P<who>{_RUN.pattern}|he|she)(?:,[^,\"“”\n]{{1,80}},)?[ \xa0]+"
                   rf"(?:also[ \xa0]+)?"
                   rf"{_VERBS}\b|{_VERBS}[ \xa0]+(?P<who2>{_RUN.pattern}))")
# Verbs and phrases of saying in German, French, Spanish, Italian, Dutch, Portuguese and Polish news copy, including
# French inversion ("a-t-il déclaré"), the Spanish perfect of Spain's press ("ha explicado"), the Polish past in
# both genders ("powiedział", "dodała") and the "according to" words that follow a quote ("so Scholz", "aldus").
_FOREIGN_VERBS = (r"(?:sagte|sagt|erklärte|erklärt|betonte|betont|warnte|meinte|fügte\s+hinzu|so|"
                  r"a(?:-t-(?:il|elle))?\s+(?:déclaré|dit|affirmé|ajouté|souligné|averti|expliqué)|déclare|affirme|"
                  r"dit|selon|dijo|afirmó|declaró|aseguró|señaló|añadió|explicó|advirtió|subrayó|según|"
                  r"ha\s+(?:dicho|afirmado|declarado|asegurado|señalado|añadido|explicado|advertido|subrayado|"
                  r"insistido|recalcado|indicado|apuntado|lamentado|reconocido)|"
                  r"ha\s+(?:detto|dichiarato|affermato|aggiunto|sottolineato|spiegato|avvertito)|dice|secondo|"
                  r"zei|zegt|verklaarde|benadrukte|waarschuwde|stelde|aldus|volgens|"
                  r"disse|afirmou|declarou|acrescentou|sublinhou|segundo|"
                  r"(?:powiedzia|doda|przekaza|podkreśli|zaznaczy|stwierdzi|oświadczy|poinformowa|wyjaśni|oceni|"
                  r"zapewni|przyzna|mówi)(?:ł|ła|li|ły)|ostrzegł(?:a|li|ły)?|mówi|twierdzi|według)")
_FOREIGN_PRONOUNS = {"er", "sie", "il", "elle", "hij", "zij", "Er", "Sie", "Il", "Elle", "Hij", "Zij"}
# Speaker before a quote in another language: "Lindqvist sagte: „…“", "Elle a déclaré : « … »".
_FOREIGN_HEAD = re.compile(rf"(?P<who>{_RUN.pattern}|\b(?:er|sie|il|elle|hij|zij))[ \xa0]+{_FOREIGN_VERBS}\b")
# Speaker after it: "…“, sagte Wettbewerbskommissarin Elena Varga in Brüssel", "…», dijo la comisaria de
# Competencia, Elena Varga", "…», a-t-il déclaré", "…” – powiedział konsul Tomasz Wróbel" (Polish copy puts a dash
# between the quote and its verb). The clause up to the sentence end is searched for the name.
_FOREIGN_TAIL = re.compile(rf"^[ \xa0,;:–—-]*[\"”“’»«]?[ \xa0,–—-]*(?:(?P<who>{_RUN.pattern})[ \xa0]+{_FOREIGN_VERBS}\b"
                           rf"|(?P<verb>{_FOREIGN_VERBS})(?P<clause>[^.;!?\n]{{0,120}}))")
# A "Source: Stoltenberg in an interview …" line, naming the speaker of the "Quote:" line that follows.
_SOURCE = re.compile(rf"[ \t\xa0]*(?:Source|Quelle|Fuente|Fonte|Bron)[ \xa0]?:\s*(?P<who>{_RUN.pattern})")
# Verbs of calling something a word, in the seven languages: "Valadares has called the decision “unacceptable”",
# "nannte sie „inakzeptabel“", "classificou a decisão como “inaceitável”". A word or three in quotation marks after
# one of them, with the person named as its subject, is that person's word, not a scare quote.
_CALLING = (r"(?:called|calls|call|described|branded|dubbed|labell?ed|termed|"
            r"nannte|nennt|bezeichnete|bezeichnet|qualifiée?|qualifie|jugée?|juge|"
            r"calificó|tildó|definió|consideró|definit[oa]|definisce|giudicat[oa]|bollat[oa]|"
            r"classificou|considerou|chamou|noemde|noemt)")
_CALLED_BY = re.compile(rf"(?P<who>{_RUN.pattern})[ \xa0]*,?[ \xa0]+(?:(?:has|had|have|hat|ha|a)[ \xa0]+)?{_CALLING}"
                        rf"(?:[ \xa0]+[^\s“”\"«»„‚‘.;!?]+){{0,4}}[ \xa0\u202f]*[\"“«„‘‚]?[ \xa0\u202f]*$")
# End of a sentence (not after Mr./Dr. or before a digit as in "Aug. 6") or a line break.
_SENT_END = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)[.!?][\"”’]?[ \xa0]+(?=[A-Z“\"])|\n")

# Words that precede a name without being part of it: removed so "NATO chief Jens Stoltenberg" keys on the person.
# Tokens that show a capitalised run is a place, body or headline rather than a person.
_NOT_NAMES = set("Ukraine Russia Kyiv Moscow Kursk Europe Union Council Ministry Committee Region City Hall Images "
                 "Group Offensive Kremlin Nations States The".split())
_PRONOUNS = {"He", "She", "he", "she", *_FOREIGN_PRONOUNS}


def _role(text: str, i: int) -> str:
    """Whether a quotation mark opens or closes, from its neighbours first: outlets misuse curly marks (itself“)."""
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opens = (prev.isspace() or prev in "([{-–—:/") and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]-–—")
    if opens != closes:
        return "open" if opens else "close"
    return {"“": "open", "”": "close"}.get(text[i], "toggle")


def _marked_spans(text: str) -> list[tuple[int, int]]:
    """Inner (start, end) of every quoted span; an unclosed mark quotes to its line end (multi-paragraph quotes)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _DOUBLE.finditer(text):
        i, role = m.start(), _role(text, m.start())
        if role == "toggle":
            role = "close" if open_at is not None else "open"
        if open_at is not None and (role == "open" or i - open_at > _MAX_QUOTE):
            line_end = text.find("\n", open_at)
            spans.append((open_at + 1, min(i, line_end if line_end >= 0 else len(text))))
            open_at = None
        if role == "open":
            open_at = i
        elif open_at is not None:
            spans.append((open_at + 1, i))
            open_at = None
    if open_at is not None:
        line_end = text.find("\n", open_at)
        spans.append((open_at + 1, line_end if line_end >= 0 else len(text)))
    spans += [(m.start(1), m.end(1)) for m in _SINGLE.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _QUOTE_LINE.finditer(text)]
    spans += [(m.start(1), m.end(1)) for pattern in _PAIRED for m in pattern.finditer(text)]
    spans += _guillemet_spans(text)
    trimmed = []
    for start, end in spans:
        inner = text[start:end].rstrip(" \t\n\xa0\u202f,;:")
        lead = len(inner) - len(inner.lstrip())
        if inner.strip():
            trimmed.append((start + lead, start + len(inner)))
    return sorted(set(trimmed))


def _guillemet_spans(text: str) -> list[tuple[int, int]]:
    """« … » in French, Spanish and Italian; » … « in German and Danish. Which one a text uses is read from its
    first guillemet, since pairing them the wrong way round would quote the narrative between two quotations."""
    first = re.search(r"[«»]", text)
    if first is None:
        return []
    opening, closing = ("«", "»") if first.group() == "«" else ("»", "«")
    pattern = re.compile(rf"{opening}[ \xa0\u202f]*([^«»\n]{{1,{_MAX_QUOTE}}}?)[ \xa0\u202f]*{closing}")
    return [(m.start(1), m.end(1)) for m in pattern.finditer(text)]


def _people(text: str, foreign: bool = False) -> dict[str, str]:
    """Surname and full name -> full name, for people introduced with a title or later named by surname alone.

    In French, Spanish or Italian copy the title is lower-case ("la commissaire Elena Varga"), so there any
    capitalised pair inside a sentence counts as a name too.
    """
    people: dict[str, str] = {}
    for m in _RUN.finditer(text):
        tokens = m.group().split()
        titled = len(strip_titles(tokens)) < len(tokens)
        tokens = strip_titles(tokens)
        if not 2 <= len(tokens) <= 3 or _NOT_NAMES.intersection(tokens):
            continue
        full, surname = " ".join(tokens), tokens[-1]
        reused = len(re.findall(rf"\b{re.escape(surname)}\b", text)) > len(re.findall(rf"\b{re.escape(full)}\b", text))
        mid_sentence = foreign and m.start() > 1 and text[m.start() - 2].islower()
        if titled or reused or mid_sentence:
            people.setdefault(surname, full)
            people.setdefault(full, full)
    return people


def _last_person(pos: int, text: str, people: dict[str, str], spans: list[tuple[int, int]]) -> str | None:
    """Who "he"/"she" at pos refers to: the latest named person before it, outside quoted text.

    Descriptions ("The NATO leader") are not names and are skipped; they rarely introduce someone new in news copy.
    """
    if not people:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, people), key=len, reverse=True)) + r")\b")
    found = None
    for m in pattern.finditer(text, 0, pos):
        if not any(s - 1 <= m.start() < e + 1 for s, e in spans):
            found = people[m.group()]
    return found


def _resolve_speaker(who: str | None, pos: int, text: str, people: dict[str, str], spans: list[tuple[int, int]]) -> str | None:
    """A name as the article would give it in full; pronouns resolved; titles and non-names dropped."""
    if not who:
        return None
    if who in _PRONOUNS:
        return _last_person(pos, text, people, spans)
    tokens = who.split()
    tokens = strip_titles(tokens)
    if not tokens or tokens[0] in {"The", "It", "This", "They", "We", "I", "You"}:
        return None
    name = " ".join(tokens)
    return people.get(name, name)


def _foreign_tail(
    end: int, text: str, people: dict[str, str], spans: list[tuple[int, int]]
) -> tuple[bool, str | None]:
    """Whether a verb of saying of another language follows the quote, and the speaker it names.

    A name right after the verb is the speaker, whatever follows it ("sagte Markus Brandt, Geschäftsführer des
    Duisburger Logistikers Rheinkontor": German capitalises every noun). Otherwise a title may sit between the
    verb and the name ("dijo la comisaria de Competencia, Elena Varga"), so the last run of two or more
    capitalised words in the clause is the name; a lone capitalised word only when there is nothing better and
    the article names a person so ("Voisin"; not "la Alianza" after "el secretario"), and "a-t-il déclaré" refers
    back to the last person named.
    """
    after = text[end:end + 160].split("\n")[0].lstrip("»«“”\"’ \xa0\u202f")
    tail = _FOREIGN_TAIL.match(after)
    if not tail:
        return False, None
    if tail.group("who"):
        return True, _resolve_speaker(tail.group("who"), end, text, people, spans)
    clause = tail.group("clause")
    opening = _RUN.match(clause.lstrip(" \xa0"))
    name = strip_titles(opening.group().split()) if opening else []
    if len(name) >= 2:  # "sagte Markus Brandt, Geschäftsführer des …"
        return True, _resolve_speaker(" ".join(name), end, text, people, spans)
    runs = [strip_titles(m.group().split()) for m in _RUN.finditer(clause)]
    named = [r for r in runs if len(r) >= 2] or [r for r in runs if " ".join(r) in people]
    if named:
        return True, _resolve_speaker(" ".join(named[-1]), end, text, people, spans)
    pronoun = re.search(r"-t-(il|elle)\b", tail.group("verb"))
    return True, _last_person(end, text, people, spans) if pronoun else None


def _attribute(start: int, end: int, text: str, people: dict[str, str], spans: list[tuple[int, int]],
               previous: tuple[int, str | None] | None, foreign: bool = False) -> str | None:
    """Speaker from the words after the quote, then before it in the same sentence, then the adjacent line.

    ``foreign`` adds the verbs of saying of other European languages to the English ones.
    """
    if foreign:
        followed, speaker = _foreign_tail(end, text, people, spans)
        if followed:
            return speaker
    tail = _TAIL.match(text[end:end + 150].split("\n")[0])
    if tail:
        who = tail.group("who") or tail.group("who2")
        return _resolve_speaker(who, end + tail.start("who" if tail.group("who") else "who2"), text, people, spans)
    window = max(0, start - 400)
    ends = [m.end() for m in _SENT_END.finditer(text, window, max(window, start - 1))]
    head_at = ends[-1] if ends else window
    heads = list(_HEAD.finditer(text, head_at, start))
    if foreign:
        heads += list(_FOREIGN_HEAD.finditer(text, head_at, start))
        heads.sort(key=lambda m: m.start())
    if heads:
        return _resolve_speaker(heads[-1].group("who"), heads[-1].start(), text, people, spans)
    line_start = text.rfind("\n", 0, start) + 1
    if not re.fullmatch(rf"(?:{_QUOTE_LABEL})?", text[line_start:start].strip(" \t\xa0-–—•*>\"“‘«»„")):
        return None
    above = text[:line_start].rstrip()
    prev_line_at = above.rfind("\n") + 1
    if previous and previous[0] >= prev_line_at:
        return previous[1]
    named = _SOURCE.match(above, prev_line_at) or (list(_HEAD.finditer(above, prev_line_at)) or [None])[-1]
    return _resolve_speaker(named.group("who"), named.start("who"), text, people, spans) if named else None


def _called_by(start: int, text: str, people: dict[str, str]) -> str | None:
    """The person a short quotation is the word of ("Henrique Valadares has called the decision “unacceptable”"):
    named right before a verb of calling in the same sentence, by the part of the name the article gives a person,
    else by its last two words ("Portugals Wirtschaftsminister Henrique Valadares"), unless the first is a title.
    """
    ends = [m.end() for m in _SENT_END.finditer(text, max(0, start - 300), max(0, start - 1))]
    head = _CALLED_BY.search(text, ends[-1] if ends else max(0, start - 300), start)
    if head is None:
        return None
    tokens = strip_titles(head.group("who").split())
    named = next((" ".join(tokens[i:]) for i in range(len(tokens) - 1) if " ".join(tokens[i:]) in people), None)
    if named:
        return people[named]
    given, surname = (tokens[-2:] if len(tokens) >= 2 else (None, None))
    return f"{given} {surname}" if given and not is_title(given) and given not in _NOT_NAMES else None


def find_quotes(article: Article) -> list[Quote]:
    """Quoted speech that quotation marks make plain, so a weak model cannot drop it; scare quotes are left out.

    Text keeps the article's characters with layout whitespace collapsed (a quote broken over lines reads as one).
    """
    text = article.text
    spans = _marked_spans(text)
    foreign = article.language not in (None, "en")
    people = _people(text, foreign)
    found: list[tuple[int, str, str | None]] = []
    previous: tuple[int, str | None] | None = None
    for start, end in spans:
        inner = " ".join(text[start:end].split())
        short = len(inner.split()) < MIN_WORDS
        called = _called_by(start, text, people) if short else None
        if (short and called is None) or locate_quote(inner, text) is None:
            continue
        speaker = called or _attribute(start, end, text, people, spans, previous, foreign)
        found.append((start, inner, speaker))
        previous = (end, speaker)
    kept: list[tuple[int, str, str | None]] = []
    for start, inner, speaker in found:
        twin = next((k for k in kept if same_words(inner, k[1])), None)
        if twin is None:
            kept.append((start, inner, speaker))
            continue
        longer = inner if len(inner) > len(twin[1]) else twin[1]
        kept[kept.index(twin)] = (twin[0], longer, twin[2] or speaker)
    return [Quote(text=t, speaker=s, article_id=article.id, found_by="code", language=article.language)
            for _, t, s in kept]


def verify_quotes(
    proposed: list[tuple[str, str | None]], article: Article
) -> tuple[list[Quote], list[tuple[str, str]]]:
    """Keep only model quotes that are verbatim, re-spelled in the article's own characters; say why others went.

    A near miss is reported as a paraphrase so the briefing can tell "the model reworded a real quote" from
    "the model invented one"; neither is shown as a quote. Nor is the outlet's own narrative that the model
    dressed up as a quote: verbatim is necessary, inside quotation marks too.
    """
    people = _people(article.text)
    marked = _marked_spans(article.text)
    verified: list[Quote] = []
    rejected: list[tuple[str, str]] = []
    for text, speaker in proposed:
        spans = locate_spans(text, article.text)
        if spans is None:
            score = fuzz.partial_ratio(normalise_typography(text).strip(" \"'"), normalise_typography(article.text))
            reason = (f"near-verbatim ({score:.0f}% match), not exact in {article.id}" if score >= _NEAR_MISS
                      else f"not found in {article.id}")
            rejected.append((text, reason))
            continue
        if not _inside_quotation_marks(spans, marked):
            rejected.append((text, f"in {article.id} but as narrative, not inside quotation marks"))
            continue
        pieces = [" ".join(article.text[s:e].split()) for s, e in spans]
        exact = " … ".join(pieces)
        who = None if speaker in _PRONOUNS else _resolve_speaker(speaker, 0, article.text, people, [])
        if any(quote_key(q.text) == quote_key(exact) for q in verified):
            continue
        verified.append(Quote(text=exact, speaker=who, article_id=article.id, found_by="model",
                              language=article.language))
    return verified, rejected


def _inside_quotation_marks(spans: list[tuple[int, int]], marked: list[tuple[int, int]]) -> bool:
    """A verbatim sentence the outlet wrote itself is not a quote: every fragment must lie in quoted speech."""
    return all(any(start <= s and e <= end + 1 for start, end in marked) for s, e in spans)


def printed_as_narrative(quotes: list[str], article_text: str) -> dict[str, str]:
    """For each of ``quotes`` the article prints outside any quotation marks, the article's own passage.

    Near-verbatim counts (rapidfuzz alignment at ``_NEAR_MISS``): an outlet that turns a quote into narrative
    often changes a word or two as it does. The article is folded once for all the quotes.
    """
    folded, starts, ends = fold_with_offsets(article_text)
    haystack = folded.lower()
    marked: list[tuple[int, int]] | None = None
    found: dict[str, str] = {}
    for quote in quotes:
        wanted = normalise_typography(quote).strip(" \"'.,;:!?").lower()
        if len(wanted) < 20:
            continue
        at = haystack.find(wanted)
        if at >= 0:
            span = (at, at + len(wanted))
        else:
            match = fuzz.partial_ratio_alignment(wanted, haystack, score_cutoff=_NEAR_MISS)
            if match is None or match.dest_end <= match.dest_start:
                continue
            span = (match.dest_start, match.dest_end)
        start, end = starts[span[0]], ends[span[1] - 1]
        marked = _marked_spans(article_text) if marked is None else marked
        if not any(s - 1 <= start and end <= e + 1 for s, e in marked):
            found[quote] = " ".join(article_text[start:end].split())
    return found


def merge_quotes(code: list[Quote], model: list[Quote]) -> list[Quote]:
    """One list per article: a quote both found is marked "both", with the longer text.

    When both name a speaker and disagree, code's wins: it comes from an explicit "X said" next to the quote,
    while the model's may be a guess. The model's speaker fills in where code found none.
    """
    merged = list(code)
    for quote in model:
        i = next((i for i, q in enumerate(merged) if q.article_id == quote.article_id
                  and same_words(q.text, quote.text)), None)
        if i is None:
            merged.append(quote)
            continue
        mine = merged[i]
        text = quote.text if len(quote_key(quote.text)) > len(quote_key(mine.text)) else mine.text
        found_by = "model" if mine.found_by == "model" else "both"
        merged[i] = mine.model_copy(update={"text": text, "speaker": mine.speaker or quote.speaker,
                                            "found_by": found_by})
    return merged


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside every pair of quotation marks, in the marks of every supported language:
    for callers that must tell quoted speech from the article's own voice (the injection detector)."""
    return _marked_spans(text)


# Fewer words than this in common with a quotation is a phrase two texts share, not the quotation restated.
_RESTATED_WORDS = 5


def restated_quotation(text: str, quotes: Iterable[Quote]) -> Quote | None:
    """The quotation ``text`` repeats without saying who said it, if any: a claim or summary sentence that is a
    speaker's words (or holds them) states an opinion as the source's own fact. Naming the speaker ("Marsh said
    …") makes it a report of what was said, which may stand."""
    key = quote_key(text)
    for quote in quotes:
        if not any(_holds(text, key, words) for words in (quote.text, quote.translation) if words):
            continue
        if not _names_speaker(text, quote):
            return quote
    return None


def _names_speaker(text: str, quote: Quote) -> bool:
    """Whether ``text`` names the quotation's speaker (by surname): then it reports what was said."""
    surname = (quote.speaker or "").split()[-1:]
    return bool(surname) and fold(surname[0]) in fold(text)


# A claim this share of whose content words (and at least this many) are in one quotation of its article says that
# quotation in other words (see echoed_quotation).
ECHO_SHARE = 0.6
ECHO_WORDS = 3


def echoed_quotation(text: str, quotes: Iterable[Quote], language: str | None = None) -> Quote | None:
    """The quotation ``text`` says in other words, without naming its speaker: most of its content words (at
    least ``ECHO_WORDS``) in one quotation, compared in ``language`` with the printed words or in English with the
    quotation's translation. "Die Antwort verhältnismäßig bleibt" is a fragment of Aagaard's "… solange die
    Antwort verhältnismäßig bleibt", not what the article reports as fact."""
    own = content_words(text, language)
    for quote in quotes:
        if _names_speaker(text, quote):
            continue
        for words in (content_words(quote.text, language), content_words(quote.translation or "")):
            if holds_most(own, words, ECHO_WORDS, ECHO_SHARE):
                return quote
    return None


def _holds(text: str, key: str, words: str) -> bool:
    """One text inside the other (``same_words``), with enough words in common to be the quotation and not a
    phrase; ``key`` is ``text``'s quote_key, computed once per text."""
    return len(min(key, quote_key(words), key=len).split()) >= _RESTATED_WORDS and same_words(text, words)

