"""Cleaning a text: site furniture and lines addressed to an AI model out, each kept for the report.

Boilerplate (share rows, newsletter prompts, credits) is dropped line by line; lines that talk to a model (found by
:mod:`summarizer.text.injection`) are quarantined, because a small model obeys them even inside delimiters and as
evidence they would let an article vouch for its own injected claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.text.injection import instruction_lines
from summarizer.text.normalise import normalise_layout

_I = re.IGNORECASE
_SHARE_WORD = (
    r"(?:share(?: this)?(?: article| story| on)?|tweet|facebook|twitter|x|whatsapp|telegram|linkedin|reddit"
    r"|e-?mail|print|copy link)"
)
_LINK = r"\[[^\]]+\]\([^)]*\)"
_AGENCY = r"(?:AFP|AP|Reuters|EPA|Getty Images|Anadolu|Xinhua|TASS|dpa|UPI|Shutterstock)"
# Whole lines that are site furniture rather than reporting. Each is matched against the line with bullets and
# Markdown emphasis removed (and against the line as written, for credits that rely on ``**``).
BOILERPLATE: tuple[re.Pattern[str], ...] = (
    # Newsletter and subscription prompts: "Subscribe now", "Sign up for our newsletter".
    re.compile(r"^(?:subscribe|sign up)(?: now| today| here)?(?: (?:to|for) (?:our|the|a free)\b.{0,40})?\W*$"
               r"|^get our (?:free )?newsletter\b.{0,60}$", _I),
    # Donation prompts: "Support Us", "Support UP or become our patron!".
    re.compile(r"^(?:support (?:us|up)\b.{0,60}|become (?:our|a) patron\b.{0,40}|donate(?: now)?!?)$", _I),
    # Social prompts: "Follow us on Instagram!".
    re.compile(r"^follow us\b.{0,60}$", _I),
    # Ad slot labels: "Advertisement:", "Sponsored content".
    re.compile(r"^(?:advertisement|advert|ads?|sponsored(?: content)?|promoted)\s*:?$", _I),
    # Short-link widgets: "Short Url".
    re.compile(r"^short (?:url|link)\b.{0,80}$", _I),
    # Share-button rows: "Share", "Facebook | Twitter | Email".
    re.compile(rf"^{_SHARE_WORD}(?:[\s|/·•,:]+{_SHARE_WORD})*\s*:?$", _I),
    # Cross-links: "Read more:", "Related articles".
    re.compile(r"^(?:read (?:more|also)|related(?: articles| stories| news)?|see also)\s*:?$", _I),
    # Copyright footers: "© 2024 Example Times. All rights reserved."
    re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,120}$|\ball rights reserved\.?$", _I),
    # Photo credits: "Jens Stoltenberg. Photo: Getty Images", "(Photo by X/AFP via Getty Images)".
    re.compile(r"(?:^|\.\s+)(?:photos?|photograph|image|picture|credit)\s*(?:by\s*)?:\s*[^.!?\"“”]{1,60}$", _I),
    re.compile(r"^\(?(?:photo|image)s? (?:by|courtesy of)\b[^()]{1,80}\)?$", _I),
    # Captions signed by an agency: "... at the Oslo City Hall. (AFP)".
    re.compile(rf"\({_AGENCY}(?: photo)?(?:\s*/[^)]*)?\)$", _I),
    # Upper-case credit lines, alone or ending a caption: "**KIN CHEUNG / POOL / AFP**".
    re.compile(r"(?:^|[.)]\s*)\**[A-Z][A-Z .'’-]+(?:\s*/\s*[A-Z][A-Z .'’-]+)+\**$"),
    # Link-only lines, including Markdown bylines: "By [AFP](#)".
    re.compile(rf"^(?:by\s+)?{_LINK}(?:\s*(?:,|and|&)\s*{_LINK})*$", _I),
    # Bare URLs (the one after "Original url:" is kept in ``Article.url``).
    re.compile(r"^<?https?://\S+>?$", _I),
)
_ORIGINAL_URL = re.compile(r"^original (?:url|link|article|source)\s*:\s*<?(https?://[^\s>]+)?>?$", _I)
_URL = re.compile(r"https?://[^\s>)]+")
INJECTION_WARNING = (
    "contains text addressed to an AI model (possible prompt injection); those lines were kept out of the model's "
    "input and the evidence"
)
INJECTION_MARK = "[addressed to an AI model] "


@dataclass(frozen=True)
class Cleaned:
    """Result of :func:`clean_text`: kept text plus what was removed and any source URL found in the removed part."""

    text: str
    dropped: tuple[str, ...]
    url: str | None


def bare(line: str) -> str:
    """Strip bullets and Markdown emphasis so a "**Advertisement:**" line matches the same pattern."""
    line = re.sub(r"^\s*(?:[•·*+-]\s+)", "", line.strip())
    return line.strip("*_ ").strip()


def _is_boilerplate(line: str) -> bool:
    forms = {line.strip(), bare(line)}
    return any(p.search(form) for p in BOILERPLATE for form in forms if form)


def clean_text(text: str) -> Cleaned:
    """Drop boilerplate lines, keeping them for the report; the URL after "Original url:" is kept as the source."""
    kept: list[str] = []
    dropped: list[str] = []
    url: str | None = None
    awaiting_url = False
    for line in normalise_layout(text).split("\n"):
        original = _ORIGINAL_URL.match(bare(line))
        link = _URL.search(line)
        if original or _is_boilerplate(line):
            dropped.append(line.strip())
            if original:
                url = url or original.group(1)
                awaiting_url = url is None
            elif awaiting_url and link:
                url, awaiting_url = link.group(), False
        else:
            kept.append(line)
            awaiting_url = awaiting_url and not line.strip()
    return Cleaned(normalise_layout("\n".join(kept)), tuple(dropped), url)


def quarantine(body: str) -> tuple[str, tuple[str, ...]]:
    """Lines that talk to a model are not news: a small model obeys them even inside delimiters (measured with
    the local model), and as evidence they would let an article vouch for its own injected claims. They are
    removed like boilerplate and listed, marked, among the dropped lines (the blank lines around them close up).
    What they are, and why quotations and
    reported speech about prompts never are, is :mod:`summarizer.text.injection`'s to say."""
    flagged = instruction_lines(body)
    lines = body.split("\n")
    kept = [line for i, line in enumerate(lines) if i not in flagged]
    removed = [INJECTION_MARK + line.strip() for i, line in enumerate(lines) if i in flagged and line.strip()]
    return normalise_layout("\n".join(kept)), tuple(removed)
