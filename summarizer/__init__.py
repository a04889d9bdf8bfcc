"""summarizer: many news articles about one story in, one briefing a reader can trust out.

The public API is what ``__all__`` lists; everything else is an implementation detail.
"""

from summarizer.batch import StoryResult, summarize_many
from summarizer.errors import (
    InputError,
    ModelError,
    NoRecordingError,
    PartialResultError,
    SummarizerError,
    UsageError,
)
from summarizer.llm import LLM, OpenAICompatibleLLM
from summarizer.llm.batch_api import BatchPolicy
from summarizer.output.html import html
from summarizer.output.markdown import markdown
from summarizer.pipeline import asummarize, summarize
from summarizer.schema import Article, ArticleBrief, Brief, Usage
from summarizer.settings import Settings
from summarizer.version import __version__

__all__ = [
    "LLM",
    "Article",
    "ArticleBrief",
    "BatchPolicy",
    "Brief",
    "InputError",
    "ModelError",
    "NoRecordingError",
    "OpenAICompatibleLLM",
    "PartialResultError",
    "Settings",
    "StoryResult",
    "SummarizerError",
    "Usage",
    "UsageError",
    "__version__",
    "asummarize",
    "html",
    "markdown",
    "summarize",
    "summarize_many",
]
