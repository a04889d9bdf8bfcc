"""Facts several articles state with the same detail: a name that is not the story's subject and a number, in one
sentence of each ("a 78-year-old man … near Don Benito", "un hombre de 78 años … Don Benito"; "VRH … 5 %").

A small model words each article's claims its own way and translates loosely, so agreement found through its
words misses a fact printed in five languages. A place or an organisation named beside the same number is
evidence code reads on its own, in any language. Each group is shown with one sentence printed in the briefing's
language, one that states no number most of the others do not; a group without one is not shown. A number that
is part of a numeric discrepancy is no agreement: the discrepancy reports it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from summarizer.schema import Article
from summarizer.story.duplicates import independent
from summarizer.story.figures import plain_number
from summarizer.text.dates import after_dateline, without_dates
from summarizer.text.figures import stated_values
from summarizer.text.names import name_runs, proper_names, skeleton
from summarizer.text.sentences import sentences
from summarizer.text.words import function_words

# A name mentioned in more sentences than this per article that names it is what the story is about ("Guadiana",
# "Rotterdam"): two sentences sharing it and a number may state two different facts.
SUBJECT_MENTIONS_PER_ARTICLE = 1.5
# Double quotation marks of any language: a sentence quoting someone is that person's remark (see remarks.py),
# not a fact the outlet states. Single marks are left alone, since they double as apostrophes ("zo’n").
_QUOTATION = re.compile(r"[\"“”„«»]")


@dataclass(frozen=True)
class Detailed:
    """One sentence of one article with the names and numbers it states (its dates left out)."""

    article_id: str
    language: str | None
    sentence: str
    names: tuple[tuple[str, ...], ...]
    values: frozenset[float]

    def details(self, subject: set[str]) -> set[str]:
        """The words of the names that are not the story's subject, nor part of a name that is ("Calyra Systems"
        is the subject when "Calyra" is)."""
        return {word for name in self.names if not subject.intersection(name) for word in name}


@dataclass(frozen=True)
class SharedDetail:
    """A fact found this way: the sentence that tells it, who states it, and the name and number it rests on
    (so a figure point that only repeats that number for the same sources can give way to it)."""

    text: str
    article_ids: tuple[str, ...]
    sources: int
    name: str
    value: float
    languages: tuple[str, ...]

    @property
    def evidence(self) -> str:
        number = plain_number(self.value)
        where = f", in {len(self.languages)} languages" if len(self.languages) > 1 else ""
        return f"the same name and number ({self.name}, {number}) in a sentence of each{where}, read in code"


def detailed_sentences(article: Article) -> list[Detailed]:
    """The article's own statements (sentences without quotation marks) with their names and numbers."""
    ignored = function_words(article.language)
    found = []
    for sentence in sentences(article.text):
        if _QUOTATION.search(sentence):
            continue
        body, _ = after_dateline(sentence, article.dateline_text)
        plain = without_dates(body, article.language)
        found.append(Detailed(article.id, article.language, body, tuple(proper_names(plain, ignored)),
                              frozenset(stated_values(plain, article.language))))
    return found


def subject_names(articles: Sequence[Article]) -> set[str]:
    """Names the articles keep coming back to (more than :data:`SUBJECT_MENTIONS_PER_ARTICLE` sentences per article
    naming them): the story's subject, not a detail."""
    mentions: dict[str, int] = defaultdict(int)
    naming: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        ignored = function_words(article.language)
        for sentence in sentences(article.full_text):
            for word in {word for name in proper_names(sentence, ignored) for word in name}:
                mentions[word] += 1
                naming[word].add(article.id)
    return {name for name, seen in mentions.items() if seen > SUBJECT_MENTIONS_PER_ARTICLE * len(naming[name])}


def shared_details(articles: Sequence[Article], duplicates: Mapping[str, str], output_language: str = "en",
                   disputed: Callable[[float], bool] = lambda value: False) -> list[SharedDetail]:
    """One point per fact that independent articles state with the same detail name and number; the detail most
    sources share is taken first, and a sentence serves one point only."""
    subject = subject_names(articles)
    by_detail: dict[tuple[str, float], list[Detailed]] = defaultdict(list)
    for detailed in (d for article in articles for d in detailed_sentences(article)):
        for name in sorted(detailed.details(subject)):
            for value in sorted(v for v in detailed.values if not disputed(v)):
                by_detail[(name, value)].append(detailed)
    found: list[SharedDetail] = []
    used: set[int] = set()
    while by_detail:
        groups = {key: _one_per_article([d for d in group if id(d) not in used]) for key, group in by_detail.items()}
        key = max(groups, key=lambda k: (len(independent((d.article_id for d in groups[k]), duplicates)), k))
        group = groups.pop(key)
        del by_detail[key]
        if len(independent((d.article_id for d in group), duplicates)) < 2:
            break
        detail = _detail(key, group, duplicates, output_language)
        if detail is not None:
            found.append(detail)
            used.update(id(d) for d in group)
    return found


def _one_per_article(group: list[Detailed]) -> list[Detailed]:
    first: dict[str, Detailed] = {}
    for detailed in group:
        first.setdefault(detailed.article_id, detailed)
    return list(first.values())


def _detail(key: tuple[str, float], group: list[Detailed], duplicates: Mapping[str, str],
            output_language: str) -> SharedDetail | None:
    """The group told by its fairest sentence in the briefing's language, or None without one."""
    telling = _telling(group, output_language)
    if telling is None:
        return None
    name = next((" ".join(run) for run in name_runs(telling.sentence) if key[0] in map(skeleton, run)), key[0])
    return SharedDetail(text=telling.sentence, article_ids=tuple(sorted({d.article_id for d in group})),
                        sources=len(independent((d.article_id for d in group), duplicates)), name=name,
                        value=key[1], languages=tuple(sorted({d.language for d in group if d.language})))


def _telling(group: list[Detailed], output_language: str) -> Detailed | None:
    """The shortest sentence printed in the briefing's language that states only numbers most of the group prints:
    a fact five articles report must not read as if all five gave one article's extra figure."""
    shared = {value for value in {v for d in group for v in d.values}
              if sum(value in d.values for d in group) * 2 > len(group)}
    fair = [d for d in group if d.language in (None, output_language) and d.values <= shared]
    return min(fair, key=lambda d: len(d.sentence), default=None)
