"""URLs as the tool shows them: one home for "is this a web address" and "what of it may be printed".

Both the model client (its base URL, in recordings and briefings) and the loader (article URLs, in the sources
table, failures and logs) print URLs; a user, password or API key in one must never reach a terminal or a file.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def is_url(arg: str | os.PathLike[str]) -> bool:
    """An http(s) address with a host and no spaces: fetched, not opened as a file (a file whose name looks like
    a URL stays a file when the caller passes it as a ``Path``)."""
    if not isinstance(arg, str) or any(c.isspace() for c in arg):
        return False
    try:
        parts = urlsplit(arg)
    except ValueError:  # "http://[::1": malformed, but plainly meant as a URL; fetching it says why it fails
        return arg.lower().startswith(("http://", "https://"))
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def without_credentials(url: str | None) -> str | None:
    """A URL fit for a briefing, a log line or a provenance file: no user, password, query or fragment."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
    except ValueError:  # a malformed host or port: show the scheme and host part only, never the rest
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.split('/')[0].rpartition('@')[2]}" if rest else "(unparsable URL)"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
