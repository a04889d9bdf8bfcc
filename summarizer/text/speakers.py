"""Who said a quotation, as the article names them: the check every proposed speaker passes, code's or model's.

Attribution in real copy takes more shapes than any list of verbs ("…», a déclaré M. X au journal Le Monde",
"la Alianza – ha añadido el secretario –", "…": parole di X), so the model may propose a speaker; code accepts a
name only if the article prints it near the quotation (or a title the article ties to that person), and never
a publication, agency or place. The window is the quotation's paragraph up to the end of its sentence, plus the
paragraph before when the quotation opens its paragraph: where news copy puts the speaker of a quote.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from summarizer.text.names import is_title, person_name
from summarizer.text.normalise import fold
from summarizer.text.sentences import sentence_spans, sentences

# Words that introduce a publication or broadcaster in the supported languages ("the German newspaper", "au
# journal", "al diario", "al quotidiano", "ao jornal", "tegen de krant", "w rozmowie z gazetą").
_OUTLET_CUE = (
    r"(?:newspapers?|papers?|daily|weekly|magazine|broadcaster|channel|tabloid|Zeitung(?:en)?|Tageszeitung|"
    r"Wochenzeitung|quotidiens|diarios|periódicos|giornali|quotidiani|kranten|jornais|"
    r"Blatt|Magazin|Sender|Nachrichtenagentur|journal|quotidien|hebdomadaire|chaîne|radio|agence|diario|"
    r"periódico|semanario|revista|cadena|emisora|agencia|quotidiano|giornale|settimanale|emittente|agenzia|krant|"
    r"dagblad|weekblad|omroep|zender|persbureau|jornal|diário|semanário|canal|emissora|agência|"
    r"gazeta|gazety|gazecie|dziennik|dziennika|dziennikowi|tygodnik|tygodnika|telewizja|telewizji|agencja|agencji|"
    r"portal|portalu|portalowi|stacja|stacji|rozgłośnia|rozgłośni)"
)
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_NAME_RUN = rf"{_NAME_WORD}(?:[ \xa0]+(?:(?:am|an|de|del|der|di|du|do|da|van|von|y|the|of)[ \xa0]+)?{_NAME_WORD}){{0,4}}"
_QUOTED_NAME = re.compile(rf"[„“”\"‘’'«»‚][ \xa0]?({_NAME_RUN})[ \xa0]?[“”\"’'«»‘]")
_CUED_NAME = re.compile(
    rf"\b(?i:{_OUTLET_CUE})\b(?:[ \xa0]+[a-zà-ÿ]+){{0,2}}[ \xa0,]+[„“\"‘'«‚]?[ \xa0]?({_NAME_RUN})")
# After a speaking verb and the speaker: "sagte X der „Y“", "zei X tegen de Volkskrant", "told Die Welt",
# "speaking to Welt am Sonntag", "in an interview with El País".
_TOLD = re.compile(rf"\b(?:tegen|gegenüber|au|à|al|ao|alla|allo|told|(?i:speaking|talking|interview|entrevista|"
                   rf"intervista|entretien|gesprek|gespräch|rozmowie|wywiadzie)(?:[ \xa0]+[a-zà-ÿ]+){{0,3}}?[ \xa0]+"
                   rf"(?:to|with|in|by|con|a|avec|met|mit|com|dem|der|z|dla))[ \xa0]+(?:(?:de|het|die|der|the|le|la)[ \xa0]+)?"
                   rf"[„“\"‘'«‚]?({_NAME_RUN})")
# Broadcasters and agencies whose own name starts with what they are: "Cadena SER", "Radio France", "Agencia EFE".
_CUE_LED = re.compile(rf"\b((?:Radio|Rádio|Cadena|Canal|Televisión|Televisão|Télévision|Televisione|TV|Agencia|"
                      rf"Agence|Agenzia|Agência)[ \xa0]+{_NAME_RUN})")
# Agencies credited in datelines and bylines, with or without parentheses: "(dpa)", "(EUROPA PRESS)", "(Lusa)".
_CREDIT = re.compile(rf"\(({_NAME_RUN}|[A-Z]{{2,}}(?:[ \xa0][A-Z]{{2,}})?)\)")
_AGENCIES = ("AFP", "AP", "Reuters", "dpa", "EFE", "ANSA", "Lusa", "Europa Press", "ANP", "Belga", "APA", "Bloomberg",
             "Xinhua", "TASS", "Agence France-Presse", "Associated Press", "Agenzia Nova", "Adnkronos", "KNA", "epd")
# Roles by which copy refers to someone it introduced ("the secretary general", "la ministra", "o ministro").
_ROLES = (
    "secretary general chief executive minister president chairman chairwoman chair spokesman spokeswoman "
    "spokesperson mayor governor commissioner director manager negotiator leader head founder ceo official "
    "sekretär generalsekretär ministerin minister präsident präsidentin sprecher sprecherin chef chefin "
    "konzernchef vorsitzender vorsitzende bürgermeister bürgermeisterin gewerkschaftschef manager "
    "secrétaire général ministre président présidente porte-parole maire directeur directrice patron dirigeant "
    "commissaire responsable "
    "secretario secretaria ministro ministra presidente presidenta portavoz alcalde alcaldesa director directora "
    "consejero consejera jefe jefa comisario comisaria delegado "
    "segretario segretaria generale portavoce sindaco direttore direttrice amministratore delegato responsabile "
    "commissario commissaria coordinatore coordinatrice "
    "secretaris voorzitter bondsvoorzitter woordvoerder woordvoerster burgemeester topman onderhandelaar "
    "secretário porta-voz prefeito presidente-executivo diretor diretora coordenador responsável "
    "rzecznik rzeczniczka rzecznika rzeczniczki konsul konsula minister ministra prezes prezeska dyrektor dyrektorka "
    "burmistrz wojewoda komendant komendantka szef szefowa przewodniczący przewodnicząca premier prezydent starosta"
)
# Pronouns that refer back to the last person named ("…," he said; „…“, sagte er; insiste-t-il), and the age
# epithets copy uses the same way ("the 54-year-old said", „sagte der 54-Jährige“, "ha detto il 54enne", "dodała
# 22-latka", "a ajouté le quadragénaire", "dijo el sexagenario"); matched on folded text.
_PRONOUN = re.compile(r"(?:\b(?:he|she|er|sie|il|elle|lui|hij|zij|el|ella|lei|ele|ela)\b|-t-(?:il|elle)\b|"
                      r"\b\d{1,3}-(?:year-old|jahrige[nr]?|lat(?:ek|ka))\b|\b\d{1,3}enne\b|"
                      r"\b(?:trenten|quadragen|quinquagen|sexagen|septuagen|octogen|nonagen)aire\b|"
                      r"\b(?:treinten|cuarenten|cincuenten|sexagen|septuagen|octogen|nonagen)ari[oa]\b|"
                      r"\b(?:trent|quarant|cinquant|sessant|settant|ottant|novant)enne\b)")
_ARTICLES = {"the", "der", "die", "das", "le", "la", "les", "el", "los", "il", "lo", "o", "a", "de", "het", "een",
             "in", "im", "on", "at", "à", "au", "en", "em", "no", "na", "nel", "nella", "dans", "from", "for"}


ROLE_WORDS = frozenset(fold(w) for w in _ROLES.split())
_PRONOUNS = {"he", "she", "they", "er", "sie", "il", "elle", "lui", "hij", "zij", "ze", "el", "ella", "lei", "ele",
             "ela", "it"}


_NOT_ROLES = {"ukrainian", "russian", "french", "german", "british", "american", "us", "nato", "former", "house",
              "affairs", "high", "armed", "forces", "foreign", "defence", "defense", "competition", "prime"}


def _is_role(word: str) -> bool:
    """A word that names a position ("secretario", "Konzernchef"); nationality and qualifier words do not."""
    return word in ROLE_WORDS or (is_title(word) and word not in _NOT_ROLES and len(word) > 3)


# What a model writes when it has no name to give.
_NO_ANSWER = {"null", "none", "unknown", "n/a", "na", "unattributed", "anonymous", "nobody", "not stated"}


def is_no_answer(proposed: str | None) -> bool:
    """The model's way of saying "the article does not say": an empty, "null" or "unknown" speaker."""
    return not proposed or " ".join(proposed.split()).strip(" .\"'").casefold() in _NO_ANSWER


@dataclass(frozen=True)
class Verdict:
    """A checked speaker: the full name the article gives, or None with the reason a reader is told."""

    name: str | None
    reason: str = ""


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", fold(text))


@dataclass(frozen=True)
class NonPersons:
    """Names that never speak. ``publications`` (folded -> printed) are marked so by the article's own wording
    (a paper in quotation marks, "al diario X", an agency credit), and no word of theirs speaks either: the
    "Sonntag" of "Welt am Sonntag". ``listed`` are names listed elsewhere as organisations or places, refused
    only as a whole, since a model may list "US House Speaker Mike Johnson" as an organisation."""

    publications: Mapping[str, str]
    listed: frozenset[str] = frozenset()


def not_persons(text: str, extra: Iterable[str] = ()) -> NonPersons:
    """Publications, agencies and other names the article marks as not being people, plus ``extra``."""
    names = {fold(n): n for n in _AGENCIES}
    for pattern in (_QUOTED_NAME, _CUED_NAME, _CUE_LED, _TOLD, _CREDIT):
        for m in pattern.finditer(text):
            printed = m.group(1).strip(" .,'’")
            names.setdefault(fold(printed), printed)
    return NonPersons({folded: printed for folded, printed in names.items() if folded},
                      frozenset(fold(n) for n in extra if n.strip()))


def named_as_outlets(text: str) -> set[str]:
    """Names the article itself calls a newspaper, broadcaster or agency ("al diario El País", "Cadena SER",
    "Reuters"), folded: stricter than :func:`not_persons`, whose "à Paris" may be a place."""
    names = {fold(n) for n in _AGENCIES}
    for pattern in (_CUED_NAME, _CUE_LED):
        names.update(fold(m.group(1).strip(" .,'’")) for m in pattern.finditer(text))
    return names - {""}


def non_person_reason(name: str, blocked: NonPersons) -> str | None:
    """Why ``name`` cannot be a speaker: it is, or is one word of, a publication or another non-person name."""
    folded = fold(name)
    if folded in blocked.publications:
        return "a publication or agency the article names, not a person"
    if folded in blocked.listed:
        return "listed as an organisation, not a person"
    tokens = set(_words(name))
    for other, printed in blocked.publications.items():
        words = other.split()
        if len(words) > 1 and tokens and tokens <= set(words):
            return f"a word of “{printed}”, which the article names as a publication or organisation"
    return None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: articles here keep one paragraph per line."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def window(text: str, start: int, end: int, names_own: Callable[[str], bool] | None = None) -> str:
    """Where news copy names a quotation's speaker: its paragraph up to its sentence's end, and the paragraph
    before when the quotation opens its paragraph, unless its own sentence already names someone (``names_own``
    says whether a passage does: a name or a role of the article)."""
    spans = paragraphs(text)
    index = next((i for i, (s, e) in enumerate(spans) if s <= start < e), None)
    if index is None:
        return text[max(0, start - 300):end + 200]
    p_start, p_end = spans[index]
    stop = next((p_start + e for s, e in sentence_spans(text[p_start:p_end]) if p_start + e > end), p_end)
    own = text[p_start:stop]
    if index == 0 or text[p_start:start].strip(" \t\"“”„«»‘’'‚-–—") or (names_own and names_own(own)):
        return own
    prev_start, prev_end = spans[index - 1]
    return text[prev_start:prev_end] + "\n" + own


# A title right before a single capitalised name ("President Zelensky", "M. Voisin", "Mr May"): that name is a
# person even when the article never gives a first name.
_TITLED = re.compile(r"\b([A-Za-zÀ-ÿ]+\.?)[ \xa0]+([A-ZÀ-Þ][a-zß-ÿ'’-]+)\b(?![ \xa0]+[A-ZÀ-Þ])")


_HONORIFICS = {"mr", "mrs", "ms", "m", "mme", "mlle", "dr", "prof", "herr", "frau", "sr", "sra", "srta", "don", "dona",
               "signor", "signora", "sig", "dhr", "mevr", "sir", "dame"}


def person_index(text: str, people: Iterable[str]) -> dict[str, str]:
    """Folded surname -> the fullest name of each person the article names (from code's and the model's lists)."""
    return dict(_person_index(text, tuple(dict.fromkeys(people))))


@functools.lru_cache(maxsize=256)
def _person_index(text: str, people: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Cached per (article, people): every quotation of an article is checked against the same index."""
    names: dict[str, str] = {}
    folded = fold(text)
    for m in _TITLED.finditer(text):
        if fold(m.group(1)).rstrip(".") in _HONORIFICS or _is_role(fold(m.group(1))):
            names.setdefault(fold(m.group(2)), m.group(2))
    for raw in people:
        name = person_name(raw)[0]
        if not name or len(name.split()) < 2 or non_person_reason(name, NonPersons({})):
            continue
        surname = fold(name.split()[-1])
        if re.search(rf"\b{re.escape(surname)}\b", folded) and len(name) >= len(names.get(surname, "")):
            names[surname] = name
    return tuple(names.items())


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The name's own clause and its neighbours within its sentence: "TITLE, NAME," / "NAME, TITLE," / "TITLE
    NAME" all fit."""
    left = [m.start() for m in re.finditer(r"[,;:–—]", sentence[:start])]
    right = [m.start() for m in re.finditer(r"[,;:–—]", sentence[end:])]
    lo = left[-2] if len(left) >= 2 else 0
    hi = end + right[1] if len(right) >= 2 else len(sentence)
    return sentence[lo:hi]


@functools.lru_cache(maxsize=256)
def role_ties(text: str, names: tuple[tuple[str, str], ...]) -> dict[str, frozenset[str]]:
    """Folded surname -> role words printed beside that person ("union spokeswoman Sanne Verbeek", "El
    secretario general de la Alianza, Søren Aagaard, ha defendido"), so that "the spokeswoman" or "el
    secretario" later in the text is tied to them. ``names`` is :func:`person_index`'s answer, as pairs."""
    ties: dict[str, set[str]] = {surname: set() for surname, _ in names}
    for sentence in (fold(s) for s in sentences(text)):
        for surname in ties:
            for m in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
                ties[surname] |= {w for w in _words(_clause_around(sentence, m.start(), m.end())) if _is_role(w)}
    return {surname: frozenset(roles) for surname, roles in ties.items()}


def _named_before(text: str, start: int, names: dict[str, str]) -> list[str]:
    """Surnames in order of their last mention before ``start``, most recent last."""
    folded = fold(text[:start])
    seen = {s: m.start() for s in names for m in re.finditer(rf"\b{re.escape(s)}\b", folded)}
    return sorted(seen, key=seen.__getitem__)


def check_speaker(
    proposed: str | None, text: str, start: int, end: int, *, people: Iterable[str], blocked: NonPersons,
    places: Iterable[str] = (), require_near: bool = True,
) -> Verdict:
    """The proposal as given, else the first name in it: models append descriptions ("Elena Varga, the EU
    competition commissioner", "Wettbewerbskommissarin Elena Varga in Brüssel"). See :func:`_check_one`."""
    people, places = list(people), list(places)
    first = _check_one(proposed, text, start, end, people=people, blocked=blocked, places=places,
                       require_near=require_near)
    if first.name or not proposed:
        return first
    for part in _NAME_PARTS.split(proposed)[:3]:
        if part.strip() and part.strip() != proposed.strip():
            verdict = _check_one(part, text, start, end, people=people, blocked=blocked, places=places,
                                 require_near=require_near)
            if verdict.name:
                return verdict
    return first


def speaker_from_context(
    text: str, start: int, end: int, *, people: Iterable[str], blocked: NonPersons, places: Iterable[str] = (),
) -> str | None:
    """The one person the article names near a quotation that neither code's reading nor the model attributed.

    Each person the article names is put to the same test a proposal must pass (:func:`check_speaker`: the
    surname near the quotation, a role the article ties to them, or a pronoun with them the last one named); the
    speaker is given only when exactly one person passes, since copy that names two people near a quotation
    leaves the reader, and code, to guess.
    """
    people = list(people)
    candidates = dict(person_index(text, people)).values()
    passed = {verdict.name for name in candidates
              if (verdict := check_speaker(name, text, start, end, people=people, blocked=blocked, places=places)).name}
    return passed.pop() if len(passed) == 1 else None


# Where a model's speaker proposal stops being a name: a comma, a bracket, or a lower-case word ("in", "of").
_NAME_PARTS = re.compile(r"\s*[,;(]\s*|\s+(?=[a-zà-ÿ]+\s)(?:[a-zà-ÿ]+\s+)+")


def _check_one(
    proposed: str | None, text: str, start: int, end: int, *, people: Iterable[str], blocked: NonPersons,
    places: Iterable[str] = (), require_near: bool = True,
) -> Verdict:
    """Accept ``proposed`` as the speaker of text[start:end] only if the article names that person near it.

    Near means: the surname in the window (see ``window``); or a role the article ties to that person ("the
    secretary general", "el secretario"); or a pronoun there ("he said", "sagte er") with that person the
    last one named before the quotation. ``blocked`` comes from ``not_persons``; ``places`` are the article's
    place names (a country never speaks). The name returned is the fullest the article gives.
    ``require_near=False`` is for code's own reading of an attribution, which found the name beside the quotation
    by construction: only the checks that it is a person apply.
    """
    raw = " ".join((proposed or "").split()).strip(" .,;:\"'“”«»")
    if not raw or raw.casefold() in _NO_ANSWER:
        return Verdict(None, "no speaker proposed")
    if fold(raw) in _PRONOUNS:
        return Verdict(None, f"{raw!r} is a pronoun, not a name")
    names = person_index(text, [*people, raw])
    ties = role_ties(text, tuple(names.items()))
    tied_roles = set().union(*ties.values())

    def names_someone(passage: str) -> bool:
        words = set(_words(passage))
        return bool(words & set(names) or words & tied_roles)

    outside = text[:start] + " " * (end - start) + text[end:]
    near = fold(window(outside, start, end, names_someone))
    near_words = set(_words(near))
    asked = [w for w in _words(raw) if w not in _ARTICLES]
    if asked and all(_is_role(w) for w in asked):
        return _by_role(set(asked) & near_words, ties, names, raw)
    name, why = person_name(raw)
    if name is None:
        return Verdict(None, f"{raw!r}: {why}")
    for reason in (non_person_reason(name, blocked),
                   "a place, not a person" if fold(name) in {fold(p) for p in places} else None):
        if reason:
            return Verdict(None, f"{name!r}: {reason}")
    surname = fold(name.split()[-1])
    if not require_near:
        return Verdict(names.get(surname, name))
    if surname not in names:
        return Verdict(None, f"{name!r}: not a person the article names")
    if re.search(rf"\b{re.escape(surname)}\b", near):
        return Verdict(names[surname])
    if ties[surname] & near_words:
        return _by_role(ties[surname] & near_words, ties, names, raw)
    before = _named_before(text, start, names)
    if _PRONOUN.search(near) and before and before[-1] == surname:
        return Verdict(names[surname])
    if _introduced_by_role_in_lede(text, surname, near_words, ties):
        return Verdict(names[surname])
    return Verdict(None, f"{name!r} is not named near the quotation")


def _introduced_by_role_in_lede(text: str, surname: str, near_words: set[str], ties: Mapping[str, frozenset[str]]) -> bool:
    """Wire copy often opens with a role ("the secretary general of the alliance said") and names the person only
    later: a role near the quote that the lede uses, that is tied to no one else, refers to the article's most
    mentioned person."""
    spans = paragraphs(text)
    lede = set(_words(fold(text[spans[0][0]:spans[min(1, len(spans) - 1)][1]]))) if spans else set()
    roles = {w for w in near_words if _is_role(w)} & lede
    if not roles or any(roles & tied for other, tied in ties.items() if other != surname):
        return False
    folded = fold(text)
    mentions = {s: len(re.findall(rf"\b{re.escape(s)}\b", folded)) for s in ties}
    return max(mentions, key=mentions.__getitem__) == surname


def _by_role(roles: set[str], ties: Mapping[str, frozenset[str]], names: dict[str, str], raw: str) -> Verdict:
    """A role near the quote ("ha añadido el secretario") names the one person the article gave that role."""
    if not roles:
        return Verdict(None, f"{raw!r} is not named near the quotation")
    holders = {surname for surname, tied in ties.items() if tied & roles}
    if len(holders) != 1:
        reason = "no person in the article holds" if not holders else "more than one person holds"
        return Verdict(None, f"{raw!r}: {reason} that role")
    return Verdict(names[holders.pop()])


def has_role(name: str, text: str) -> bool:
    """The article prints a person's role word right before the name or just after it ("Chief executive Tomas
    Lindqvist", "Tomas Lindqvist, the chief executive")."""
    for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        before = re.findall(r"[\w-]+", text[max(0, match.start() - 40):match.start()])[-1:]
        after = re.findall(r"[\w-]+", text[match.end():match.end() + 40])[:3] if text[match.end():match.end() + 1] == "," else []
        if any(fold(word) in ROLE_WORDS for word in before + after):
            return True
    return False
