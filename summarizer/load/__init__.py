"""Files, URLs and stdin in, cleaned ``Article`` records out; no model.

``fetch`` gets the pages of URL arguments (the only network access outside the model client), ``decode`` turns
bytes into text (encodings, binary files, HTML), ``clean`` drops boilerplate and quarantines lines addressed to
a model, ``articles`` finds each article's title, dateline, outlet and language and assigns ids. A new input
format (a feed) is a new way to get text here, ending in the same ``Article``.
"""

from __future__ import annotations

from summarizer.load.articles import LoadResult, load_articles
from summarizer.load.clean import INJECTION_WARNING, clean_text

__all__ = ["INJECTION_WARNING", "LoadResult", "clean_text", "load_articles"]
