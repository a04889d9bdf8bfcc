"""The committed HTML example in a real browser: headless Chromium renders it at desktop and phone width, and its
NetLog shows that the page asked the network for nothing. Skipped where no Chromium is installed (Debian:
``apt-get install chromium``), so a CI without one stays green."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from summarizer.output.html import html
from tests.test_html import EXAMPLE, Page, hostile_brief

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                 if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install chromium)")

# Headless as root in a container, with every name unresolvable (nothing could be fetched even if asked for) and
# the browser's own background traffic (updates, sync, spelling dictionaries) off, so the NetLog shows the page's.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
         "--disable-features=Translate,OptimizationHints,MediaRouter,SpellCheck"]
# Schemes a page may load without the network: the page itself and inline data.
_LOCAL_SCHEMES = ("file:", "data:", "about:", "chrome:")


def chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run([CHROMIUM or "chromium", *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=True)


def screenshot(tmp_path: Path, page: Path, width: int, height: int) -> tuple[Path, Path]:
    """A PNG of the page at this window size, and the NetLog of everything the browser fetched meanwhile."""
    png, netlog = tmp_path / f"shot-{width}.png", tmp_path / f"net-{width}.json"
    chromium(tmp_path, page, f"--screenshot={png}", f"--window-size={width},{height}", f"--log-net-log={netlog}")
    return png, netlog


def page_requests(netlog: Path) -> list[str]:
    """URLs the page (a file:// document) made the browser request over the network; the browser's own traffic,
    which has another top-frame site, is left out."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [params["url"] for event in log["events"] if event["type"] == start
            for params in [event.get("params", {})]
            if params.get("network_isolation_key", "").startswith("file://")
            and not params.get("url", "").startswith(_LOCAL_SCHEMES)]


def png_facts(png: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values in the decoded pixels): a blank page decodes to a handful."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8:at + 8 + length])
        at += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


@pytest.mark.parametrize(("width", "height"), [(1200, 3000), (390, 3000)])
def test_the_example_renders_at_desktop_and_phone_width_without_a_network_request(tmp_path: Path, width: int,
                                                                                   height: int) -> None:
    png, netlog = screenshot(tmp_path, EXAMPLE, width, height)
    assert png_facts(png)[:2] == (width, height)
    assert png.stat().st_size > 50_000 and png_facts(png)[2] > 100, "the screenshot is blank"
    assert page_requests(netlog) == []


def test_the_network_check_sees_a_page_that_does_load_a_remote_asset(tmp_path: Path) -> None:
    """The control: without this, an empty request list could mean the check is blind, not that the page is clean."""
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><link rel="stylesheet" href="https://fonts.example/x.css">'
                    '<img src="http://images.example/i.png"><p>remote</p>', encoding="utf-8")
    _, netlog = screenshot(tmp_path, page, 400, 300)
    assert sorted(page_requests(netlog)) == ["http://images.example/i.png", "https://fonts.example/x.css"]


def test_hostile_article_text_builds_no_script_in_the_browser(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(html(hostile_brief()), encoding="utf-8")
    dom = chromium(tmp_path, page, "--dump-dom").stdout
    built = Page(dom)
    assert built.named("body") and not built.named("script") and not built.named("img") and not built.named("svg")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
