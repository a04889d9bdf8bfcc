"""The HTML briefing: one self-contained page, article text inert, the same sections and labels as the Markdown,
and a committed example that cannot drift. The real-browser check is in ``test_html_browser.py``."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarizer import summarize
from summarizer.cli import main
from summarizer.output import format_for, render
from summarizer.output.html import html, web_link
from summarizer.output.sections import DISCREPANCY_HEADINGS
from summarizer.schema import (
    Article,
    ArticleBrief,
    Brief,
    Claim,
    Discrepancy,
    Dropped,
    Entity,
    Figure,
    Point,
    Quote,
    Side,
    Source,
    TimelineEntry,
)
from summarizer.version import __version__
from tests.conftest import RECORDING, ROOT
from tests.test_render import sample_brief

EXAMPLE = ROOT / "examples" / "seeds-briefing.html"
HOSTILE = [
    "<script>alert(1)</script>",
    "</details><script>alert(2)</script>",
    "<!-- hidden -->",
    '"><img src=x onerror=alert(3)>',
    "</textarea></style></title><svg onload=alert(4)>",
]


class Page(HTMLParser):
    """What a browser would build from the page: its elements, their attributes, its text and any comments."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def hostile_brief() -> Brief:
    """Every field an article or the model fills, each carrying markup that would run or hide something if raw."""
    bad = " ".join(HOSTILE)
    return Brief(
        title=bad,
        summary=bad,
        shared_points=[Point(text=bad, article_ids=("A1", "A2"), claim_refs=("A1.1",), why=bad)],
        single_source_points=[Point(text=bad, article_ids=("A1",))],
        discrepancies=[Discrepancy(kind="numeric", topic=bad, note=bad,
                                   sides=(Side(says=bad, article_ids=("A1",), claimant=bad),
                                          Side(says=bad, article_ids=("A2",))))],
        timeline=[TimelineEntry(date=dt.date(2024, 8, 6), what=bad, basis="inferred", article_ids=("A1",),
                                when_texts=(bad,))],
        quotes=[Quote(text=bad, speaker=bad, speaker_note=bad, article_id="A1", language="de", translation=bad)],
        figures=[Figure(value=1.0, raw=bad, unit=bad, measure=bad, claimant=bad, article_id="A1", sentence=bad,
                        as_of_text=bad)],
        entities=[Entity(name=bad, kind="person", variants=(bad,), article_ids=("A1",))],
        sources=[Source(id="A1", title=bad, path=f"dir/{bad}.txt", outlet=bad, dropped_lines=(bad,), warnings=(bad,)),
                 Source(id="A2", title="Plain", path="b.txt")],
        dropped=[Dropped(article_id="A1", kind="claim", text=bad, reason=bad)],
        notes=[bad],
        article_briefs=[ArticleBrief(article=Article(id="A1", path="a.txt", title="t", text=bad), headline=bad,
                                     summary=bad, claims=[Claim(ref="A1.1", text=bad, evidence=bad, article_id="A1",
                                                                evidence_verified=True, translation=bad)])],
    )


def test_committed_html_example_is_exactly_what_the_code_produces_from_the_recording(seeds_dir: Path) -> None:
    brief = summarize([seeds_dir], replay=RECORDING, keep_article_briefs=True)
    assert brief.to_html() == EXAMPLE.read_text(encoding="utf-8"), (
        "examples/seeds-briefing.html is stale: regenerate it with "
        "`summarizer brief seeds/ --keep-articles -o examples/seeds-briefing.html`"
    )


@pytest.mark.parametrize("name", ["b.html", "B.HTM"])
def test_an_html_output_file_gets_the_html_briefing(capsys: pytest.CaptureFixture[str], seeds_dir: Path,
                                                     tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    assert main(["brief", str(seeds_dir), "-o", str(target), "--replay", str(RECORDING)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<html lang=\"en\">")


def test_format_html_overrides_the_extension_and_writes_to_stdout(capsys: pytest.CaptureFixture[str],
                                                                   seeds_dir: Path) -> None:
    assert main(["brief", str(seeds_dir), "--format", "html", "--replay", str(RECORDING)]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert format_for(Path("b.md"), "html") == "html" and format_for(Path("b.html")) == "html"


def test_hostile_article_text_is_escaped_everywhere_it_is_shown() -> None:
    page = html(hostile_brief())
    parsed = Page(page)
    assert not parsed.named("script") and not parsed.named("img") and not parsed.named("svg")
    assert not parsed.comments
    assert not [(tag, name) for tag, attrs in parsed.tags for name in attrs if name.startswith("on")]
    # Each hostile string comes back as text the reader sees, intact: escaped, not dropped.
    shown = "".join(parsed.text)
    assert all(shown.count(bad) >= 10 for bad in HOSTILE)
    # The page's own <details> (evidence, translation, figure sentence, dropped lines) open and close in pairs:
    # a "</details>" in an article cannot close one early.
    assert len(re.findall(r"<details[ >]", page)) == page.count("</details>") == 4


def test_only_a_web_address_is_ever_a_link_target() -> None:
    assert web_link("https://www.reuters.com/world/a?b=1#c") == "https://www.reuters.com/world/a?b=1#c"
    assert web_link("http://example.org/x") == "http://example.org/x"
    for unsafe in ("javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x",
                   "file:///etc/passwd", "vbscript:x", "//evil.example/x", "https:", "", None):
        assert web_link(unsafe) is None, unsafe


class _FetchedSource(Source):  # type: ignore[misc,valid-type]
    """A source as the URL loader records it, with the address it was fetched from."""

    url: str | None = None


def test_a_source_fetched_from_the_web_links_to_its_address_and_nothing_else_does() -> None:
    brief = sample_brief().model_copy(update={"sources": [
        _FetchedSource(id="A1", title="Fetched", path="a.html", url="https://news.example/kursk"),
        _FetchedSource(id="A2", title="Hostile", path="b.html", url="javascript:alert(1)"),
    ]})
    page = Page(html(brief))
    outside = [attrs for attrs in page.named("a") if not (attrs.get("href") or "").startswith("#")]
    assert outside == [{"class": "out", "href": "https://news.example/kursk", "rel": "noopener noreferrer"}]
    assert "javascript:alert(1) (not a web address: not linked)" in "".join(page.text)


def test_the_page_loads_nothing_and_runs_nothing() -> None:
    for page in (EXAMPLE.read_text(encoding="utf-8"), html(hostile_brief())):
        parsed = Page(page)
        assert not parsed.named("script") and not parsed.named("link") and not parsed.named("iframe")
        assert not [attrs for _, attrs in parsed.tags if "src" in attrs]
        outgoing = [a for a in parsed.named("a") if not (a.get("href") or "").startswith("#")]
        assert all(a.get("rel") == "noopener noreferrer" and a["href"].startswith("https://") for a in outgoing)
        assert "@import" not in page and "url(" not in page
        assert not re.search(r"""src\s*=\s*["']?\s*(?:https?:)?//""", page)
        [policy] = [m["content"] for m in parsed.named("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        assert policy and policy.startswith("default-src 'none';") and "script-src" not in policy


def test_every_source_id_links_to_its_row_in_the_sources_table() -> None:
    parsed = Page(EXAMPLE.read_text(encoding="utf-8"))
    rows = {attrs["id"] for attrs in parsed.named("tr") if attrs.get("id")}
    targets = {attrs["href"] for attrs in parsed.named("a") if attrs.get("class") == "src"}
    assert rows == {f"src-A{n}" for n in range(1, 6)}
    assert {t.removeprefix("#") for t in targets} == rows


def test_evidence_sentences_and_translations_are_expandable() -> None:
    brief = sample_brief().model_copy(update={
        "shared_points": [Point(text="Fine imposed", article_ids=("A1", "A2"), claim_refs=("A1.1",))],
        "quotes": [Quote(text="Wir werden klagen", speaker="Elena Varga", article_id="A1", language="de",
                         translation="We will sue")],
        "article_briefs": [ArticleBrief(
            article=Article(id="A1", path="a.txt", title="t", text="x"), headline="h", summary="s",
            claims=[Claim(ref="A1.1", text="Geldbuße verhängt", evidence="Die Kommission verhängte eine Geldbuße.",
                          article_id="A1", evidence_verified=True, translation="A fine was imposed")])],
    })
    page = html(brief)
    details = re.findall(r"<details>(.*?)</details>", page, re.DOTALL)
    assert any("Die Kommission verhängte eine Geldbuße." in d and "A fine was imposed" in d for d in details)
    assert any("Translation by the model, not the printed words" in d and "We will sue" in d for d in details)
    assert "“Wir werden klagen”" in page.split("<details>")[-2], "the printed words are shown, outside the details"


def test_a_discrepancy_shows_its_sides_side_by_side() -> None:
    page = html(sample_brief())
    [discrepancy] = re.findall(r'<article class="discrepancy">(.*?)</article>', page, re.DOTALL)
    sides = discrepancy.split('<div class="side">')[1:]
    assert len(sides) == 2 and "1,200 km²" in sides[0] and "claimed by Kyiv" in sides[0]
    assert "1,300 km²" in sides[1] and "as of 2024-08-27" in sides[1]
    assert re.search(r"\.sides \{ display: grid;", page)


def test_html_has_the_markdowns_sections_and_labels_in_the_same_order(seeds_dir: Path) -> None:
    brief = summarize([seeds_dir], replay=RECORDING)
    markdown_headings = re.findall(r"^#{2,3} (.+)$", brief.to_markdown(), re.MULTILINE)
    html_headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[23]>(.*?)</h[23]>", render(brief, "html"))]
    assert html_headings[:len(markdown_headings)] == markdown_headings
    assert set(DISCREPANCY_HEADINGS[d.kind] for d in brief.discrepancies) <= set(html_headings)


def test_the_footer_says_how_the_briefing_was_made(seeds_dir: Path) -> None:
    footer = EXAMPLE.read_text(encoding="utf-8").split("<footer>", 1)[1]
    assert "6 calls · 6900 prompt + 3127 completion tokens · cost unknown for this model" in footer
    assert "replayed from fixtures/recordings/seeds.yaml" in footer and f"summarizer {__version__}" in footer


def test_print_layout_expands_details_and_drops_colour() -> None:
    style = EXAMPLE.read_text(encoding="utf-8").split("@media print {", 1)[1].split("\n}\n", 1)[0]
    assert "details::details-content { content-visibility: visible; display: block; }" in style
    assert "--accent: #000" in style and "--tint: #fff" in style
