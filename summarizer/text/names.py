"""Turn the model's entity lists into names, or say why an item is not one.

Small models list job titles, descriptions and whole noun phrases as "people" ("German newspaper Die Welt",
"Russian soldiers", "Germany's commitment to remain Ukraine's largest donor"). A name is something a reader can
look up; everything else is dropped here, with a reason the briefing shows. Comparing two names across articles
(``skeleton``, ``same_name_token``) lives here too, since transliteration noise is a property of names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.distance import Indel, Levenshtein

# Lower-case words that belong inside names ("Welt am Sonntag", "House of Representatives", "Ursula von der Leyen").
_PARTICLES = {"am", "an", "and", "al", "bin", "da", "de", "del", "den", "der", "di", "du", "for", "la", "le", "of",
              "on", "the", "van", "von", "y", "zu"}
# Titles, roles and nationality words in front of a person's name ("EU High Representative for Foreign Affairs
# Josep Borrell", "Ukrainian Armed Forces Commander Oleksandr Syrskyi"). The one list every module strips.
TITLE_WORDS = frozenset(
    "president secretary general secretary-general minister prime foreign defence defense commander chancellor "
    "speaker house high representative affairs chief armed forces mr mrs ms dr sir prof gen admiral colonel "
    "senator governor mayor ambassador envoy spokesman spokeswoman spokesperson head leader former deputy vice "
    "pope king queen ukrainian russian french german british american us nato commissioner competition executive "
    "eurocommissaris commissaris konzernchef chef chefin kanzler kanzlerin bundeskanzler präsident präsidentin "
    "ministerin sprecher sprecherin vorsitzender vorsitzende".split()
)
# German and Dutch write titles as capitalised compounds ("Wettbewerbskommissarin", "Außenminister"): a word
# ending in one of these is a title too.
_TITLE_ENDINGS = ("kommissar", "kommissarin", "minister", "ministerin", "präsident", "präsidentin", "kanzler",
                  "kanzlerin", "sekretär", "sekretärin", "sprecher", "sprecherin", "chef", "chefin", "commissaris",
                  "voorzitter", "woordvoerder")
# Words that make a "person" an organisation ("US House of Representatives Intelligence Committee").
_INSTITUTIONS = {"committee", "council", "ministry", "government", "party", "group", "agency", "union", "alliance",
                 "army", "office", "department", "parliament", "commission", "court", "bank", "newspaper",
                 "magazine", "organization", "organisation", "forces", "kremlin", "pentagon",
                 # other languages' institutions and company forms ("Comisión Europea", "Calyra Systems")
                 "kommission", "comisión", "commissione", "commissie", "ministerium", "ministère", "ministerio",
                 "ministero", "ministerie", "regierung", "gouvernement", "gobierno", "governo", "regering",
                 "parlement", "parlamento", "junta", "xunta", "generalitat", "ayuntamiento", "diputación", "mairie", "préfecture",
                 "regione", "comune", "gemeente", "prefeitura", "câmara", "systems", "inc", "ltd", "gmbh", "ag", "corp", "plc", "s.a.", "s.p.a."}
# Generic place words after a place name ("Kursk border region"); the name is what precedes them.
_PLACE_WORDS = {"region", "border", "oblast", "province", "city", "town", "village", "district", "area", "state"}
_POSSESSIVE = re.compile(r"^[\w.-]+['’]s\s+")


def is_title(token: str) -> bool:
    """A title word, a compound ending in one ("Außenminister"), or a hyphenated one whose last part is one
    ("VHW-Chef", "SPD-Vorsitzender", "ex-minister")."""
    word = token.casefold().rstrip(".")
    last_part = word.rsplit("-", 1)[-1]
    return (word in TITLE_WORDS or (len(word) > 9 and word.endswith(_TITLE_ENDINGS))
            or ("-" in word and (last_part in TITLE_WORDS or last_part.endswith(_TITLE_ENDINGS))))


def strip_titles(tokens: list[str]) -> list[str]:
    """"Foreign Minister Dmytro Kuleba" -> "Dmytro Kuleba"; a lone title is kept rather than emptied."""
    while len(tokens) > 1 and is_title(tokens[0]):
        tokens = tokens[1:]
    return tokens


def _tokens(name: str) -> list[str]:
    return " ".join(name.replace("’", "'").split()).strip(" .,;:").split()


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def _after_descriptions(tokens: list[str]) -> list[str]:
    """Drop a leading description ending in a lower-case word: "German newspaper Die Welt" -> "Die Welt"."""
    cut = 0
    for i, token in enumerate(tokens):
        if not _is_capitalised(token) and token.lower() not in _PARTICLES:
            cut = i + 1
    while cut < len(tokens) and tokens[cut].lower() in _PARTICLES and not _is_capitalised(tokens[cut]):
        cut += 1
    return tokens[cut:]


def person_name(raw: str) -> tuple[str | None, str]:
    """The person's name without titles, or None and the reason it is not one."""
    tokens = _tokens(_POSSESSIVE.sub("", " ".join(_tokens(raw))))
    if any(t.lower().strip(",") in _INSTITUTIONS for t in tokens if not is_title(t)):
        return None, "an organisation, not a person"
    if any(t.endswith("'s") for t in tokens):
        return None, "a description, not a name"
    name: list[str] = []
    for token in reversed(_after_descriptions(tokens)):
        if is_title(token) or not (_is_capitalised(token) or token.lower() in _PARTICLES):
            break
        name.insert(0, token)
    return (" ".join(name), "") if name else (None, "a description, not a name")


def organisation_name(raw: str) -> tuple[str | None, str]:
    tokens = _after_descriptions(_tokens(raw))
    if not tokens or any(t.endswith("'s") for t in tokens):
        return None, "a description, not a name"
    return " ".join(tokens), ""


def place_name(raw: str) -> tuple[str | None, str]:
    """"Russia's Kursk border region" -> "Kursk": the place, not how this article described it."""
    text = _POSSESSIVE.sub("", " ".join(_tokens(raw)))
    tokens = text.split()
    while tokens and tokens[-1].lower() in _PLACE_WORDS:
        tokens.pop()
    tokens = _after_descriptions(tokens)
    if not tokens or any(t.endswith("'s") for t in tokens):
        return None, "a description, not a place name"
    if any(t.lower() in _INSTITUTIONS for t in tokens):
        return None, "an organisation, not a place"
    return " ".join(tokens), ""


@functools.lru_cache(maxsize=8192)
def skeleton(name: str) -> str:
    """Fold spelling noise that transliteration adds (diacritics, y/i, doubled letters) so variants compare equal."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    plain = re.sub(r"[^a-z0-9 ]+", "", plain.replace("y", "i"))
    return re.sub(r"(.)\1+", r"\1", plain).strip()


def same_name_token(a: str, b: str) -> bool:
    """Edit operations, not a ratio: "Kurk"/"Kursk" (ratio 88.9) and "Austria"/"Australia" (87.5) score alike,
    but one is a dropped letter and the other two. After :func:`skeleton`, one insertion or deletion is a typo
    from four letters up; one substitution only from seven ("Kharkiv"/"Kharkov"), as "Iran"/"Iraq" differ."""
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    if not sa or not sb or sa[0] != sb[0]:
        return False
    shorter = min(len(a), len(b))
    return (shorter >= 4 and Indel.distance(sa, sb) == 1) or (shorter >= 7 and Levenshtein.distance(sa, sb) == 1)


# Languages whose country names are known (Babel's CLDR data): the ones the package reads dates and numbers in.
COUNTRY_NAME_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
# CLDR territory codes that are unions, zones or placeholders, not countries ("European Union", "United Nations").
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@functools.cache
def _country_codes(language: str) -> dict[str, str]:
    """Folded country name in ``language`` -> its ISO code ("portogallo" -> "PT")."""
    from babel import Locale  # loaded on first use, not at import: commands that merge no entities never need it

    codes: dict[str, str] = {}
    for code, name in Locale.parse(language).territories.items():
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
            codes.setdefault(skeleton(name), code)
    return codes


def country_code(name: str, languages: Iterable[str] = COUNTRY_NAME_LANGUAGES) -> str | None:
    """The ISO code of a country named in one of ``languages`` ("Spain", "España", "Portogallo"), or None: a
    country is a place whatever a model lists it as, and one place in every language. Only the supported
    languages among ``languages`` are read, each loaded once (a story in English costs one CLDR locale, not seven)."""
    folded = skeleton(name)
    return next((code for language in languages if language in COUNTRY_NAME_LANGUAGES
                 if (code := _country_codes(language).get(folded))), None)


def country_name(code: str, language: str) -> str | None:
    """The country's name in ``language`` ("ES", "en" -> "Spain"), or None for a language Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language).territories.get(code)
    except (UnknownLocaleError, ValueError):
        return None


# A capitalised word this short ("EU", "Mr", "La") is too common to tell one sentence's subject from another's.
_MIN_PROPER_WORD = 3
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")


def name_runs(sentence: str, ignored: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    """The runs of capitalised words of a sentence past its first word, as printed, titles and ``ignored`` words
    (function words) left out: the names a sentence mentions, in any language that capitalises names, without
    asking the model. "near Don Benito" gives ("Don", "Benito"); German nouns come along, and only match German
    text."""
    runs: list[list[str]] = []
    last_end = -1
    for index, match in enumerate(_CAPITALISED.finditer(sentence)):
        word = match.group()
        name_word = (index > 0 and word[0].isupper() and len(word) >= _MIN_PROPER_WORD and not is_title(word)
                     and word.casefold() not in ignored)
        if not name_word:
            last_end = -1
            continue
        if runs and last_end >= 0 and not sentence[last_end:match.start()].strip():
            runs[-1].append(word)
        else:
            runs.append([word])
        last_end = match.end()
    return [tuple(run) for run in runs]


def proper_names(sentence: str, ignored: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    """:func:`name_runs` with each word as its :func:`skeleton` key, so spellings compare across articles."""
    return [tuple(skeleton(word) for word in run) for run in name_runs(sentence, ignored)]


# Determiners before a capitalised noun that describes a person ("le Danois Søren Aagaard", "der Däne Søren
# Aagaard", "the Dane Søren Aagaard"): a given name follows no determiner, a nationality or role does.
_DETERMINER = r"(?:le|la|les|l'|l’|der|die|das|den|dem|des|the|el|il|lo|het|de|o|a)"


def without_descriptor(name: str, text: str) -> str:
    """The name without a leading descriptor the article prints after a determiner, when two words remain."""
    first, _, rest = name.partition(" ")
    if len(rest.split()) < 2:
        return name
    if re.search(rf"(?<!\w){_DETERMINER}[ \xa0]+{re.escape(first)}[ \xa0]+{re.escape(rest)}", text, re.IGNORECASE):
        return rest
    return name


_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")
# Acronyms of common nouns and of the names every English text uses for ones articles print in their own language
# ("EE.UU.", "ONU"): not a name a model could have brought in.
_COMMON_ACRONYMS = frozenset({"CEO", "GDP", "TV", "AI", "US", "USA", "UK", "EU", "UN"})


def unknown_acronyms(text: str, known_text: str) -> list[str]:
    """The acronyms ``text`` uses that ``known_text`` never prints, as written or with its letters reversed (NATO is
    OTAN in French and Spanish, EU is UE): an organisation the model brought from its training, not from the
    articles ("the Danish ambassador to NATO" about an alliance the articles call ABDA)."""
    known = _acronyms(known_text)
    return [a for a in dict.fromkeys(_ACRONYM.findall(text)) if a not in known and a[::-1] not in known]


@functools.lru_cache(maxsize=64)
def _acronyms(known_text: str) -> frozenset[str]:
    """Read once per text: every sentence of a summary is checked against the same text of all the articles."""
    return frozenset(_ACRONYM.findall(known_text)) | _COMMON_ACRONYMS
