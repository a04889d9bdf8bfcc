"""Run settings, read from keyword arguments, then ``SUMMARIZER_*`` variables, then the openai SDK's own variables.

One object carries every knob so the CLI and the Python API cannot disagree about defaults, and so the API key
is a ``SecretStr`` from the moment it is read: it cannot end up in a repr, a log line or a briefing by accident.
It is the single source of every default: the CLI takes its flags' help, choices and defaults from the fields'
descriptions and values (see :func:`default`), and so do the loader and the extraction step.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.errors import UsageError, pydantic_reason
from summarizer.urls import without_credentials

OPENAI_HOST = "api.openai.com"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
StructuredMode = Literal["auto", "tools", "json", "json_schema"]


def cache_root() -> Path:
    """One directory for everything the tool keeps between runs: model answers, local weights, server logs.

    platformdirs knows each system's convention: ``$XDG_CACHE_HOME/summarizer`` (default ``~/.cache``) on Linux,
    ``~/Library/Caches/summarizer`` on macOS, ``%LOCALAPPDATA%\\summarizer\\Cache`` on Windows."""
    return platformdirs.user_cache_path("summarizer", appauthor=False)


def _default_cache_dir() -> Path:
    return cache_root() / "answers"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="forbid", populate_by_name=True)

    # Each description is also the CLI flag's help text, so it is written for someone typing the command.
    model: str | None = Field(
        default=None, description=f"model name (default: the server's first model, or {DEFAULT_OPENAI_MODEL})"
    )
    base_url: str | None = Field(default=None, validation_alias=AliasChoices("base_url", "SUMMARIZER_BASE_URL", "OPENAI_BASE_URL"),
                                 description="any OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("api_key", "SUMMARIZER_API_KEY", "OPENAI_API_KEY"))
    send_key_to_base_url: bool = Field(default=False, description="send an OpenAI key (sk-...) to a non-OpenAI --base-url")
    mode: StructuredMode = Field(default="auto", description="structured-output mode")
    temperature: float = 0.0
    # Small models loop without a cap on output tokens.
    max_tokens: int = Field(default=1200, ge=64, description="output token cap per call")
    timeout_s: float = Field(default=300.0, gt=0, description="seconds per request")
    http_retries: int = Field(default=2, ge=0, description="The openai client's own retries (429, 5xx, timeouts).")
    validation_retries: int = Field(default=1, ge=0, description="instructor re-asks after invalid output.")
    concurrency: int = Field(default=4, ge=1, le=64, description="articles extracted, and URLs fetched, at once")
    max_bytes: int = Field(default=2_000_000, ge=1, description="largest input file accepted")
    # Words of article text per model call: ~4,000 tokens, which leaves room for the prompt and the answer in an
    # 8k context (the local model's); larger models can take more.
    max_article_words: int = Field(default=3000, ge=50,
                                   description="longer articles are split on paragraphs for the model")
    max_articles: int = Field(default=200, ge=1, description="most articles per run")
    fetch_timeout_s: float = Field(default=20.0, gt=0,
                                   description="seconds to fetch one URL argument, redirects included")
    cache: bool = Field(default=True, description="reuse answers cached from an earlier identical run")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="where answers are cached")
    cache_max_mb: int = Field(default=500, ge=1,
                              description="largest the answers cache may grow; the oldest answers go first")
    strict: bool = Field(default=False, description="fail (exit 5) if any input fails, instead of a partial result")
    keep_off_topic: bool = Field(default=False, description="merge articles that share no names, places or dates "
                                 "with the rest of the folder, instead of leaving them out as off-topic")
    lang: str = Field(default="en", pattern=r"^[a-z]{2}$",
                      description="language of the briefing, an ISO 639-1 code; quotes stay as printed, with the "
                                  "model's translation beside them")

    @field_validator("lang")
    @classmethod
    def _known_language(cls, code: str) -> str:
        """A typo such as "ge" would otherwise reach the prompts as a language the model has to guess at."""
        from lingua import IsoCode639_1

        try:
            IsoCode639_1.from_str(code)
        except ValueError:
            raise ValueError(f"unknown language code {code!r}: use an ISO 639-1 code such as en, de, fr") from None
        return code

    @property
    def is_openai(self) -> bool:
        return self.base_url is None or urlparse(self.base_url).hostname == OPENAI_HOST

    @property
    def model_configured(self) -> bool:
        return self.base_url is not None or self.api_key is not None

    def resolved_mode(self) -> Literal["tools", "json", "json_schema"]:
        """TOOLS suits OpenAI; plain JSON with the schema in ``response_format`` suits llama.cpp and friends."""
        if self.mode != "auto":
            return self.mode
        return "tools" if self.is_openai else "json"

    @property
    def key_withheld(self) -> bool:
        """An OpenAI key (``sk-…``) that is kept from a server that is not OpenAI's, as ``--send-key`` is not set."""
        key = self.api_key.get_secret_value() if self.api_key else ""
        return not self.is_openai and key.startswith("sk-") and not self.send_key_to_base_url

    def key_for_request(self) -> str:
        """The key to put on the wire: never a real OpenAI key to somebody else's server unless asked to."""
        if self.key_withheld:
            return "not-sent"
        return (self.api_key.get_secret_value() if self.api_key else "") or "not-needed"

    @property
    def shown_url(self) -> str:
        """The server's address as a message may show it: OpenAI's when none is set, never with credentials."""
        return without_credentials(self.base_url) or f"https://{OPENAI_HOST}/v1"


def environment_names(name: str) -> list[str]:
    """The environment variables a setting is read from, in the order pydantic-settings looks."""
    field = Settings.model_fields[name]
    choices = [c for c in getattr(field.validation_alias, "choices", []) if isinstance(c, str) and c.isupper()]
    return choices or [f"{Settings.model_config.get('env_prefix', '')}{name}".upper()]


def keyword(name: str, value: Any) -> str:
    """How a Python caller set a setting: ``concurrency='x'``."""
    return f"{name}={value!r}"


def load_settings(given: Mapping[str, Any], *, spelled: Callable[[str, Any], str] = keyword) -> Settings:
    """``Settings`` from ``given`` and the environment; a bad value is a one-line UsageError naming what the user
    set: ``spelled(field, value)`` for a given value (a keyword argument, or the CLI's flag), the environment
    variable for one read from the environment (``SUMMARIZER_CONCURRENCY='abc'``), never pydantic's wording."""
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = [_setting_problem(error, given, spelled) for error in exc.errors()]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise UsageError(problems[0] + more) from None


def _setting_problem(error: Any, given: Mapping[str, Any], spelled: Callable[[str, Any], str]) -> str:
    """One pydantic error as "what the user set: why"; a given value wins over the environment, as in Settings."""
    name = str(error["loc"][0]) if error["loc"] else ""
    if name not in Settings.model_fields:
        near = difflib.get_close_matches(name, list(Settings.model_fields), n=1)
        hint = f"did you mean {near[0]!r}?" if near else "the settings are the fields of summarizer.Settings"
        return f"unknown setting {name!r}: {hint}"
    value = "…" if name == "api_key" else error.get("input")
    if name in given:
        where = spelled(name, value)
    else:
        variable = next((v for v in environment_names(name) if v in {k.upper() for k in os.environ}),
                        environment_names(name)[0])
        where = f"environment variable {variable}={value!r}"
    return f"{where}: {pydantic_reason(error)}"


def default(name: str) -> Any:
    """A setting's default, for callers below the pipeline (the loader, extraction) and the CLI's help."""
    return Settings.model_fields[name].get_default(call_default_factory=True)
