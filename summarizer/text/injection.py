"""Text addressed to an AI model rather than a reader: found in code, in every supported language.

A small model obeys an instruction even inside the article's delimiters (measured with the local 1.5B model), and
as evidence an injected line would let an article vouch for its own claims; so the loader takes such lines out
(:func:`instruction_lines`) and the summary check drops a sentence that copies one (:func:`instruction_like`).

What counts is an imperative *addressed to the model*: "Ignore all previous instructions", "New instructions for
the assistant:", a "SYSTEM:" role prefix, a chat-template token or a fake ``</article>`` tag, "Ignoriere alle
vorherigen Anweisungen", "Oublie les instructions"… at the start of a clause, matched on the text's *skeleton*
(NFKC, invisible characters removed, look-alike letters folded to Latin, case folded, so "Ιgnore" with a Greek
Iota, or with a zero-width space inside, still reads "ignore") and across line breaks. What never counts is news
*about* such text: words inside quotation marks, and sentences of reported speech ("…, the researcher said"),
are kept even when they talk about prompts and instructions, because a quotation about prompts is news. Measured
on the labelled set in ``tests/data/injection_set.py`` (``python -m tests.injection_report``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from summarizer.text.quotes import quotation_spans
from summarizer.text.sentences import sentence_spans

# --- the skeleton: one comparison form for hostile text --------------------------------------------------------


@functools.cache
def _look_alikes() -> dict[str, str]:
    """Non-ASCII letters that Unicode's confusables data says look like one ASCII letter (Cyrillic "а", Greek
    "ο", …). Capital I look-alikes map to "I", not to the "l" of the TR39 skeleton, so that case folding
    still gives "ignore"."""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[str, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        latin = next((g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()), None)
        if latin:
            table[char] = "I" if latin == "l" and char.isupper() else latin
    return table


# Typographic apostrophes read as the ASCII one: "l’IA" is "l'IA".
_APOSTROPHES = str.maketrans(dict.fromkeys("’‘‛ʼ", "'"))


@functools.lru_cache(maxsize=8192)
def _skeleton_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":  # zero-width spaces and joiners, soft hyphens, bidi marks
        return ""
    out = unicodedata.normalize("NFKC", char).translate(_APOSTROPHES)
    table = _look_alikes()
    return "".join(table.get(c, c) for c in out).casefold()


# Runs of ASCII, which the skeleton only lower-cases (one character each): done in one step.
_PLAIN = re.compile(r"[\x00-\x7f]+")


def skeleton(text: str) -> tuple[str, tuple[int, ...]]:
    """The text as a detector should read it, and for each of its characters the offset it came from in ``text``,
    so that a match can be handed back as the article's own characters (lines, spans)."""
    chars: list[str] = []
    offsets: list[int] = []
    done = 0
    for plain in [*_PLAIN.finditer(text), None]:
        start = plain.start() if plain else len(text)
        for i in range(done, start):
            out = _skeleton_char(text[i])
            chars.append(out)
            offsets.extend([i] * len(out))
        if plain:
            chars.append(plain.group().lower())
            offsets.extend(range(plain.start(), plain.end()))
            done = plain.end()
    return "".join(chars), tuple(offsets)


# --- the patterns, on the skeleton ----------------------------------------------------------------------------

# Where an imperative may start: a line start, after a sentence or a colon, or after "please"/"now" there.
_START = (r"(?:^|[.!?:;>\]\)|*#_\-–—\"'«»„“”(\[])[\s*_#>\"'«»„“”\-–—]*"
          r"(?:(?:please|kindly|now|then|and|also|first|bitte|jetzt|nun|maintenant|por\s+favor|ahora|per\s+favore|"
          r"ora|alsjeblieft|alstublieft|nu|agora)[\s,]+)*")
_MODEL = (r"(?:ai|a\.i\.|ki|ia|ai[\s-](?:models?|assistants?|systems?|summari[sz]ers?|agents?)|assistants?|"
          r"language\s+models?|llms?|chatbots?|bots?|summari[sz]ers?|gpt|chatgpt|models?)")
_PREVIOUS = (r"(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+)?"
             r"(?:previous|prior|above|earlier|preceding|former|foregoing|original|initial|system|"
             r"developer)\s+")
_THINGS = (r"(?:instructions?|prompts?|messages?|rules?|directions?|directives?|guidelines?|commands?|context|"
           r"orders|constraints|guidance|tasks?|programming)")
# A colon, or a dash with space around it (not the hyphen of "System-wide").
_DASH = r"\s*(?::|\s[\-–—]\s)"

# Each needs a clause start (``{s}``) except the tokens and tags no article prints for a reader; ``{dash}`` is _DASH.
_PATTERNS: tuple[str, ...] = (
    # English: "Ignore all previous instructions", "Disregard everything above", "forget your instructions".
    rf"{{s}}(?P<hit>(?:ignore|disregard|forget|override|bypass|skip|discard|overlook)\s+{_PREVIOUS}{_THINGS})",
    rf"{{s}}(?P<hit>(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:your|the\s+assistant's)\s+{_THINGS})",
    r"{s}(?P<hit>(?:ignore|disregard|forget)\s+(?:all\s+of\s+|everything\s+)?(?:the\s+)?"
    r"(?:above|before|that\s+came\s+before|you\s+(?:were|have\s+been)\s+told))",
    # "New instructions for the assistant:", "Updated instructions:".
    rf"{{s}}(?P<hit>(?:new|updated|revised|additional|real|actual|hidden|secret|override)\s+instructions?"
    rf"(?:\s+(?:for|to)\s+(?:the\s+|any\s+|all\s+)?{_MODEL})?){_DASH}",
    # A model addressed by name with an order after it: "Note to AI models:", "Assistant, ignore …".
    rf"{{s}}(?P<hit>(?:note\s+(?:to|for)|attention|message\s+(?:to|for)|dear|hey|to)\s+(?:the\s+|all\s+|any\s+)?"
    rf"{_MODEL}(?:\s+(?:reading|processing|summari[sz]ing)\s+this(?:\s+\w+)?)?)\s*[:,]",
    rf"{{s}}(?P<hit>{_MODEL}(?:\s+(?:reading|processing|summari[sz]ing)\s+this(?:\s+\w+)?)?\s*[:,]\s*"
    r"(?:(?:please|kindly)\s+)?(?:ignore|disregard|forget|write|say|report|state|set|change|output|respond|reply|"
    r"do\s+not|don't|never|"
    r"summari[sz]e|include|you\s+(?:must|should|will|are)))",
    r"(?P<hit>\bif\s+you\s+are\s+an?\s+(?:ai|a\.i\.|language\s+model|llm|chatbot|assistant|bot|automated|"
    r"summari[sz]er))",
    r"{s}(?P<hit>when\s+(?:summari[sz]ing|processing|reading|analy[sz]ing)\s+this\s+(?:article|text|page|document|"
    r"story))",
    # "Forget everything above" in the other languages: "Vergiss alles Bisherige", "Olvida lo anterior".
    r"{s}(?P<hit>(?:vergiss|ignoriere|oublie|ignore|olvida|ignora|dimentica|vergeet|negeer|esque[cç]a|esquece)\s+"
    r"(?:alles\s+(?:bisherige|vorherige|obige|oben|davor|hierboven|hiervoor|voorgaande)|tout\s+ce\s+qui\s+pr[eé]c[eè]de|"
    r"(?:todo\s+)?lo\s+anterior|tutto\s+(?:quanto\s+)?(?:sopra|precede)|tudo\s+(?:acima|o\s+que\s+veio\s+antes)))",
    # Role play: "You are now a press officer", "From now on you …", "Act as …", "Pretend you are …".
    r"{s}(?P<hit>you\s+are\s+now\s+(?:a|an|the|my|acting|in|no\s+longer)\b)",
    r"{s}(?P<hit>from\s+now\s+on,?\s+(?:you|always|only|respond|write|answer|reply))",
    r"{s}(?P<hit>(?:act\s+as|pretend\s+(?:to\s+be|you\s+are)|roleplay\s+as)\s+(?:a|an|the|my)\b)",
    r"{s}(?P<hit>your\s+new\s+(?:task|role|instructions?|job|goal)\s+(?:is|are)\b)",
    # Orders about the output: "Set the headline to …", "Say that …", "Reveal your system prompt".
    r"{s}(?P<hit>(?:set|change|make|write|use|rename|replace)\s+(?:the\s+|your\s+|this\s+)?"
    r"(?:headline|title|summary|briefing|answer|output|response)\s+(?:to|as|with|that|:|=))",
    r"{s}(?P<hit>(?:report|write|state|say|claim|conclude)\s+(?:only\s+)?that\b)",
    r"{s}(?P<hit>(?:do\s+not|don't|never)\s+(?:mention|report|include|summari[sz]e|reveal|disclose)\b)",
    r"{s}(?P<hit>(?:respond|reply|answer)\s+(?:only\s+)?(?:with|in)\b)",
    r"{s}(?P<hit>(?:reveal|print|show|repeat|output|leak)\s+(?:your|the)\s+(?:system\s+|hidden\s+)?"
    r"(?:prompt|instructions))",
    # Role prefixes at a line start: "SYSTEM:", "[system]", "### System note:", "IMPORTANT SYSTEM NOTICE:".
    r"^[\W_]{0,4}(?P<hit>(?:important\s+|urgent\s+|critical\s+)?(?:system|developer|admin(?:istrator)?|root)"
    r"(?:\s+(?:notice|message|note|prompt|override|instructions?|alert|command))?)\s*(?:\]|\|?>)?{dash}",
    r"^[\W_]{0,4}(?P<hit>(?:systemhinweis|systemnachricht|systemmeldung|message\s+syst[eè]me|consigne\s+syst[eè]me|"
    r"mensaje\s+del\s+sistema|messaggio\s+di\s+sistema|systeembericht|mensagem\s+do\s+sistema)){dash}",
    r"^[\W_]{0,4}(?P<hit>\[\s*(?:system|assistant|user|developer)\s*\])",
    # Chat-template tokens and fake delimiter tags, anywhere: "<|im_start|>", "[INST]", "</article>".
    r"(?P<hit><\|\s*(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\s*\|>)",
    r"(?P<hit>\[\s*/?\s*inst\s*\]|<<\s*/?\s*sys\s*>>)",
    r"(?P<hit><\s*/?\s*(?:article|system|instructions?|prompt|assistant|user|document|context)\b[^<>\n]{0,40}>)",
    # German: "Ignoriere alle vorherigen Anweisungen", "Vergiss …", "Neue Anweisungen für die KI:".
    r"{s}(?P<hit>(?:ignorier(?:e|t|en\s+sie)?|vergiss|vergesst|vergessen\s+sie|missachte|[uü]bergehe)\s+"
    r"(?:alle\s+|s[aä]mtliche\s+)?(?:die\s+|deine\s+|ihre\s+|eure\s+)?"
    r"(?:(?:vorherigen|vorigen|bisherigen|obigen|fr[uü]heren|vorangegangenen|urspr[uü]nglichen|vorstehenden)\s+)?"
    r"(?:anweisungen|anordnungen|befehle|instruktionen|regeln|vorgaben|aufforderungen|nachrichten))",
    r"{s}(?P<hit>(?:alle\s+)?(?:vorherigen|vorigen|bisherigen|obigen|fr[uü]heren)\s+(?:anweisungen|befehle|"
    r"instruktionen|regeln)\s+(?:ignorieren|vergessen))",
    r"{s}(?P<hit>(?:neue|aktualisierte|ge[aä]nderte|geheime)\s+(?:anweisungen?|instruktionen|befehle)"
    r"(?:\s+(?:f[uü]r|an)\s+(?:den\s+|die\s+|das\s+)?(?:ki|ki-\w+|assistenten|assistentin|modell|sprachmodell|chatbot|"
    r"bot|system))?){dash}",
    r"{s}(?P<hit>(?:an\s+(?:die|den|das)|hinweis\s+(?:f[uü]r|an)\s+(?:die\s+|den\s+|das\s+)?)\s*(?:ki|ki-\w+|"
    r"assistenten|sprachmodell|chatbot|modell))\s*[:,]",
    r"{s}(?P<hit>(?:du\s+bist|ab\s+sofort\s+bist\s+du)\s+(?:jetzt\s+|nun\s+|ab\s+sofort\s+)?(?:ein|eine|der|die|das)\b)",
    r"{s}(?P<hit>(?:setze|[aä]ndere|schreibe?|nenne|verwende)\s+(?:die\s+|als\s+|in\s+die\s+)?"
    r"(?:[uü]berschrift|schlagzeile|titel|zusammenfassung)\b)",
    r"{s}(?P<hit>(?:schreibe?|behaupte|berichte),?\s+dass\b)",
    # French: "Ignore toutes les instructions précédentes", "Oublie les instructions", "Nouvelles instructions …:".
    r"{s}(?P<hit>(?:ignore[zr]?|oublie[zr]?|ne\s+tiens\s+pas\s+compte|ne\s+tenez\s+pas\s+compte|fais\s+abstraction|"
    r"faites\s+abstraction)\s+(?:de\s+|des\s+|d')?(?:toutes\s+|tous\s+)?(?:les\s+|tes\s+|vos\s+|ces\s+)?"
    r"(?:instructions|consignes|directives|r[eè]gles|ordres|messages))",
    r"{s}(?P<hit>(?:nouvelles?|voici\s+(?:tes|vos)\s+nouvelles)\s+(?:instructions|consignes)"
    r"(?:\s+(?:pour|[aà])\s+(?:l'|le\s+|la\s+)?(?:ia|assistant|mod[eè]le|chatbot|bot|syst[eè]me|agent))?){dash}",
    r"{s}(?P<hit>(?:[aà]|pour|note\s+(?:[aà]|pour))\s+(?:l'|le\s+|la\s+|les\s+)?(?:ia|assistant|mod[eè]les?|"
    r"chatbot))\s*[:,]",
    r"{s}(?P<hit>(?:tu\s+es|vous\s+[eê]tes)\s+(?:maintenant|d[eé]sormais|[aà]\s+pr[eé]sent)\s+(?:un|une|le|la|l')\b)",
    r"{s}(?P<hit>(?:mets|mettez|[eé]cris|[eé]crivez|change[zr]?|remplace[zr]?)\s+(?:le\s+|comme\s+|en\s+)?"
    r"(?:titre|r[eé]sum[eé]|manchette)\b)",
    r"{s}(?P<hit>(?:[eé]cris|[eé]crivez|dis|dites|affirme|affirmez|indique|indiquez)\s+que\b)",
    # Spanish: "Ignora todas las instrucciones anteriores", "Olvida …", "Nuevas instrucciones para la IA:".
    r"{s}(?P<hit>(?:ignora|ignore|ignorad|olvida|olvide|olvidad|omite|omita|descarta|descarte)\s+(?:todas\s+)?"
    r"(?:las\s+|tus\s+|sus\s+)?(?:instrucciones|indicaciones|[oó]rdenes|reglas|mensajes))",
    r"{s}(?P<hit>nuevas?\s+instrucciones(?:\s+para\s+(?:el\s+|la\s+)?(?:ia|asistente|modelo|chatbot|bot|sistema))?)"
    r"{dash}",
    r"{s}(?P<hit>(?:para|a)\s+(?:la\s+|el\s+)?(?:ia|asistente|modelo))\s*[:,]",
    r"{s}(?P<hit>(?:ahora|a\s+partir\s+de\s+ahora)\s+eres\s+(?:un|una|el|la)\b)",
    r"{s}(?P<hit>(?:pon|cambia|escribe|usa)\s+(?:el\s+|como\s+)?(?:titular|t[ií]tulo|resumen)\b)",
    r"{s}(?P<hit>(?:escribe|di|afirma|informa)\s+que\b)",
    # Italian: "Ignora tutte le istruzioni precedenti", "Dimentica …", "Nuove istruzioni per l'assistente:".
    r"{s}(?P<hit>(?:ignora|ignorate|dimentica|dimenticate|trascura|tralascia)\s+(?:tutte\s+)?(?:le\s+|tue\s+)?"
    r"(?:istruzioni|indicazioni|regole|direttive|messaggi|ordini))",
    r"{s}(?P<hit>nuove\s+istruzioni(?:\s+per\s+(?:l'|il\s+|la\s+|lo\s+)?(?:ia|assistente|modello|chatbot|bot|"
    r"sistema))?){dash}",
    r"{s}(?P<hit>(?:all'|al\s+|alla\s+)(?:ia|assistente|modello))\s*[:,]",
    r"{s}(?P<hit>(?:ora|adesso|da\s+ora\s+in\s+poi)\s+sei\s+(?:un|una|il|la|lo)\b)",
    r"{s}(?P<hit>(?:metti|cambia|scrivi|usa)\s+(?:il\s+|come\s+)?(?:titolo|riassunto|sommario)\b)",
    r"{s}(?P<hit>(?:scrivi|afferma|riporta)\s+che\b)",
    # Dutch: "Negeer alle vorige instructies", "Vergeet …", "Nieuwe instructies voor de assistent:".
    r"{s}(?P<hit>(?:negeer|vergeet|veronachtzaam)\s+(?:alle\s+)?(?:de\s+|je\s+|jouw\s+|uw\s+)?"
    r"(?:(?:vorige|eerdere|voorgaande|bovenstaande|oorspronkelijke)\s+)?(?:instructies|opdrachten|aanwijzingen|"
    r"regels|berichten))",
    r"{s}(?P<hit>nieuwe\s+instructies(?:\s+voor\s+(?:de\s+|het\s+)?(?:ai|assistent|model|taalmodel|chatbot|bot|"
    r"systeem))?){dash}",
    r"{s}(?P<hit>aan\s+(?:de\s+|het\s+)?(?:ai|assistent|taalmodel|chatbot))\s*[:,]",
    r"{s}(?P<hit>(?:je\s+bent\s+nu|jij\s+bent\s+nu|vanaf\s+nu\s+ben\s+je)\s+(?:een|de|het)\b)",
    r"{s}(?P<hit>(?:zet|verander|schrijf|gebruik)\s+(?:de\s+|als\s+)?(?:kop|koptekst|titel|samenvatting)\b)",
    r"{s}(?P<hit>schrijf\s+(?:op\s+)?dat\b)",
    # Portuguese: "Ignore todas as instruções anteriores", "Esqueça …", "Novas instruções para o assistente:".
    r"{s}(?P<hit>(?:ignore|ignora|ignorem|esque[cç]a|esquece|desconsidere|desconsidera|descarte)\s+(?:todas\s+)?"
    r"(?:as\s+|suas\s+|tuas\s+)?(?:instru[cç][oõ]es|orienta[cç][oõ]es|regras|mensagens|ordens))",
    r"{s}(?P<hit>novas\s+instru[cç][oõ]es(?:\s+para\s+(?:o\s+|a\s+)?(?:ia|assistente|modelo|chatbot|bot|sistema))?)"
    r"{dash}",
    r"{s}(?P<hit>(?:para\s+a|[aà]|ao)\s+(?:ia|assistente|modelo))\s*[:,]",
    r"{s}(?P<hit>(?:agora|a\s+partir\s+de\s+agora)\s+(?:voc[eê]\s+[eé]|tu\s+[eé]s|[eé]s)\s+(?:um|uma|o|a)\b)",
    r"{s}(?P<hit>(?:coloque|mude|escreva|use)\s+(?:o\s+|como\s+)?(?:t[ií]tulo|manchete|resumo)\b)",
    r"{s}(?P<hit>(?:escreva|diga|afirme|informe)\s+que\b)",
)


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Each pattern with a word boundary in place of the clause start, and whether it needs one: the strict form
    tries those only where a clause starts (``_clause_starts``), which is also what keeps a long text cheap."""
    return tuple((re.compile(p.replace("{s}", r"\b").replace("{dash}", _DASH), re.MULTILINE), "{s}" in p)
                 for p in _PATTERNS)


@functools.cache
def _any_clause_pattern() -> re.Pattern[str]:
    """All clause-start patterns as one alternation: one C-speed test per clause start rules most of them out."""
    return re.compile("|".join(f"(?:{p.pattern.replace('(?P<hit>', '(?:')})" for p, needs in _compiled() if needs),
                      re.MULTILINE)


_CLAUSE = re.compile(_START, re.MULTILINE)
_WORD_START = re.compile(r"\b\w")


def _clause_starts(folded: str) -> list[int]:
    """Where an imperative may begin: after each clause start's punctuation, and at each of the words ("please",
    "now", "ora") it let through, since those can begin a phrase themselves ("ora sei un …")."""
    positions: set[int] = set()
    for match in _CLAUSE.finditer(folded):
        positions.add(match.end())
        positions.update(word.start() for word in _WORD_START.finditer(folded, match.start(), match.end()))
    return sorted(positions)


# Verbs of saying that make a sentence reported speech, in every supported language. Kept apart from
# ``text.quotes``' speaker patterns, which need a named speaker; here "the researchers wrote" is enough.
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|stated|wrote|writes|added|warned|explained|argued|asked|typed|quoted|reads|"
    r"according\s+to|sagte|sagt|sagten|erkl[aä]rte|schrieb|schreibt|warnte|laut|zufolge|a\s+(?:d[eé]clar[eé]|dit|"
    r"[eé]crit|expliqu[eé]|averti|ajout[eé])|ont\s+(?:d[eé]clar[eé]|dit|[eé]crit)|selon|d'apr[eè]s|dijo|dijeron|"
    r"afirm[oó]|explic[oó]|escribi[oó]|advirti[oó]|seg[uú]n|ha\s+(?:detto|dichiarato|scritto|spiegato|avvertito)|"
    r"hanno\s+detto|secondo|zei|zeiden|zegt|schreef|waarschuwde|volgens|disse|disseram|afirmou|escreveu|"
    r"alertou|segundo)\b",
)


def _hits(folded: str, anchored: bool) -> Iterator[re.Match[str]]:
    """Anchored: the imperative must start a clause (the loader's strict form). Unanchored: anywhere (the summary
    check's loose form, for text the strict form let through)."""
    starts = [i for i in _clause_starts(folded) if _any_clause_pattern().match(folded, i)] if anchored else []
    for pattern, needs_start in _compiled():
        if anchored and needs_start:
            yield from (m for m in (pattern.match(folded, i) for i in starts) if m)
        else:
            yield from pattern.finditer(folded)


def _spans(text: str, anchored: bool) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every pattern hit; the end is the match's, so a split phrase spans its lines."""
    folded, offsets = skeleton(text)
    if not folded:
        return []
    return sorted({(offsets[m.start("hit")], offsets[m.end() - 1] + 1) for m in _hits(folded, anchored)})


def _reported_or_quoted(text: str, start: int, end: int, quoted: list[tuple[int, int]],
                        sentences: list[tuple[int, int]]) -> bool:
    """News about an instruction, not one: the hit lies in quotation marks, or its sentence is reported speech."""
    if any(q_start <= start < q_end for q_start, q_end in quoted):
        return True
    sentence = " ".join(text[s:e] for s, e in sentences if s < end and start < e)
    return _REPORTED.search(skeleton(sentence)[0]) is not None


def _sentence_ends(text: str) -> list[tuple[int, int]]:
    """Sentences with single line breaks read as spaces (same offsets), so a split injection is one sentence."""
    return sentence_spans(re.sub(r"(?<!\n)\n(?!\n)", " ", text))


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each instruction addressed to a model, from its first word to the end of its sentence;
    quotations and reported speech are never among them."""
    quoted = quotation_spans(text)
    sentences = _sentence_ends(text)
    found = []
    for start, end in _spans(text, anchored=True):
        if _reported_or_quoted(text, start, end, quoted, sentences):
            continue
        sentence_end = next((e for s, e in sentences if s <= end - 1 < e or s >= end), len(text))
        found.append((start, max(end, sentence_end)))
    return found


def instruction_lines(text: str) -> set[int]:
    """Indexes of the lines of ``text`` an instruction to a model touches. A line that ends in a colon (a header
    such as "New instructions for the assistant:") takes the rest of its paragraph with it: that is the order."""
    starts = [m.start() for m in re.finditer(r"^", text, re.MULTILINE)]
    lines = text.split("\n")
    flagged: set[int] = set()
    for start, end in instruction_spans(text):
        first = max(i for i, s in enumerate(starts) if s <= start)
        last = max(i for i, s in enumerate(starts) if s < max(end, start + 1))
        flagged.update(range(first, last + 1))
        while lines[last].rstrip().endswith(":") and last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
            flagged.add(last)
    return flagged


def addresses_a_model(text: str) -> bool:
    """Whether ``text`` (a line, a title) holds an instruction to a model outside quotation and reported speech."""
    return bool(instruction_spans(text))


def instruction_like(text: str) -> bool:
    """The loose form for the summary check: any instruction phrase anywhere, quoted, reported or mid-clause.
    Too eager to remove article text with, right for "does this summary sentence copy such a line?"."""
    folded, _ = skeleton(text)
    return any(True for _ in _hits(folded, anchored=False))
