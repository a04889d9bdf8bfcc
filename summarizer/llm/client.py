"""The only module that talks to a model.

Everything above this module sees one small protocol, ``LLM.structured``: messages and a pydantic model in, a
validated instance and its token usage out. That protocol is also the test seam: a ``FakeLLM`` test double
implements it without any HTTP. Retries are layered once each: the openai client retries transport failures
(429 with Retry-After, 5xx, timeouts, resets), instructor re-asks after output that fails validation. Nothing
here adds a third loop.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any, Protocol, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry_if_not_exception_type, stop_after_attempt

from summarizer.errors import ModelError, NoRecordingError
from summarizer.schema import Usage
from summarizer.settings import DEFAULT_OPENAI_MODEL, Settings

T = TypeVar("T", bound=BaseModel)

_MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA}


# Loggers instructor reports exhausted re-asks on (a record is filtered only by the logger that created it).
_INSTRUCTOR_LOGGERS = ("instructor", "instructor.v2.retry")


class _ExhaustedReasks(logging.Filter):
    """Drops instructor's multi-line "Max retries exceeded" ERROR: ``structured`` turns that failure into a
    one-line ModelError or a salvaged answer, so the log record only repeats it, traceback-like, on stderr.
    A filter, not a handler or a level, so the application's own logging setup stays the application's."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Max retries exceeded")


_QUIET_REASKS = _ExhaustedReasks()


def _quiet_instructor() -> None:
    for name in _INSTRUCTOR_LOGGERS:
        logging.getLogger(name).addFilter(_QUIET_REASKS)  # idempotent: the same filter object is added once


@functools.cache
def json_schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """Building a JSON schema costs ~10 ms; the same few models are asked for on every call."""
    return response_model.model_json_schema()


def cost_usd(
    model: str, prompt_tokens: int, completion_tokens: int, *, on_openai: bool = True, batch: bool = False
) -> float | None:
    """OpenAI's price for the tokens, from genai-prices' maintained table (bundled, no download); None where the
    server is not OpenAI's (a local server may call its model "gpt-4o-mini" and costs nothing) or the model is not
    in the table: token counts are shown, never a guessed price. ``batch`` prices the tokens as the Batch API does:
    the table's batch price for the model, or half the live price (OpenAI's documented Batch discount) where the
    table has none."""
    if not on_openai:
        return None
    import genai_prices  # 0.4 s to import its table: paid only by runs against OpenAI, never by a replay

    usage = genai_prices.Usage(input_tokens=prompt_tokens, output_tokens=completion_tokens)
    try:
        live = genai_prices.calc_price(usage, model_ref=model, provider_id="openai").total_price
        if not batch:
            return float(live)
        priced = genai_prices.calc_price(usage, model_ref=model, provider_id="openai",
                                         price_context={"processing": "batch"}).total_price
    except LookupError:
        return None
    return float(priced if priced < live else live / 2)


class LLM(Protocol):
    """What the pipeline needs from a model: one structured answer per call."""

    model: str

    async def structured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any] | None = None
    ) -> tuple[T, Usage]: ...


class OpenAICompatibleLLM:
    """Any OpenAI-compatible server through the openai SDK and instructor."""

    # Answers that came through the Batch API cost its price (``llm.batch_api.BatchAnsweredLLM``).
    batch_api = False

    def __init__(self, settings: Settings, *, http_client: Any | None = None) -> None:
        self.settings = settings
        self.model = settings.model or ""
        self.mode = settings.resolved_mode()
        self._client = openai.AsyncOpenAI(
            api_key=settings.key_for_request(),
            base_url=settings.base_url,
            timeout=settings.timeout_s,
            max_retries=settings.http_retries,
            http_client=http_client,
        )
        self._instructor = instructor.from_openai(self._client, mode=_MODES[self.mode])
        _quiet_instructor()

    async def ensure_model(self) -> str:
        """Local servers serve one model under whatever name; ask rather than make the user type it."""
        if not self.model and self.settings.is_openai:
            self.model = DEFAULT_OPENAI_MODEL
        if not self.model:
            try:
                page = await self._client.models.list()
            except openai.OpenAIError as exc:
                raise _model_error(exc, "listing models") from exc
            names = [m.id for m in page.data]
            if not names:
                raise ModelError(f"the server at {self.settings.base_url} lists no models; pass -m MODEL")
            self.model = names[0]
        return self.model

    async def aclose(self) -> None:
        """Close the HTTP connections while the event loop that opened them is still running."""
        await self._client.close()

    def _request_options(self, response_model: type[BaseModel]) -> dict[str, Any]:
        options: dict[str, Any] = {
            "model": self.model,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
        }
        if self.mode == "json" and not self.settings.is_openai:
            # llama.cpp constrains generation by this schema's grammar; other servers treat it as JSON mode.
            options["extra_body"] = {"response_format": {"type": "json_object", "schema": json_schema(response_model)}}
        return options

    async def structured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any] | None = None
    ) -> tuple[T, Usage]:
        await self.ensure_model()
        try:
            result, completion = await self._instructor.create_with_completion(
                response_model=response_model,
                messages=messages,
                max_retries=self._reask_policy(),
                context=context,
                **self._request_options(response_model),
            )
        except InstructorRetryException as exc:
            return self._salvage(response_model, exc, context)
        except IncompleteOutputException as exc:
            raise ModelError(
                f"model output was cut off at max_tokens={self.settings.max_tokens} (raise --max-tokens)"
            ) from exc
        except openai.OpenAIError as exc:
            raise _model_error(exc, response_model.__name__) from exc
        return result, self._usage(getattr(result, "_total_usage", None) or completion.usage)

    def _reask_policy(self) -> AsyncRetrying:
        """instructor's re-asks after invalid output, as a tenacity policy: a fixed number of attempts, no waiting
        (the answer was wrong, not the server busy; transport retries belong to the openai client)."""
        return AsyncRetrying(
            stop=stop_after_attempt(self.settings.validation_retries + 1),
            retry=retry_if_not_exception_type(openai.OpenAIError),
            reraise=True,
        )

    def _salvage(
        self, response_model: type[T], exc: InstructorRetryException, context: dict[str, Any] | None
    ) -> tuple[T, Usage]:
        """After the bounded re-asks, keep what is structurally valid; code-side checks drop the rest visibly.

        Validators that verify content against the article honour ``context["lenient"]``: they then leave the
        unverified items in place for the caller to drop and report, rather than losing the whole article.
        """
        cause = _root_cause(exc)
        if isinstance(cause, openai.OpenAIError):
            raise _model_error(cause, response_model.__name__) from exc
        usage = self._usage(exc.total_usage)
        raw = _completion_text(exc.last_completion)
        if raw is not None:
            try:
                return response_model.model_validate_json(raw, context={**(context or {}), "lenient": True}), usage
            except ValidationError:
                pass
        finish = _finish_reason(exc.last_completion)
        if finish == "length":
            raise ModelError(
                f"model output was cut off at max_tokens={self.settings.max_tokens} (raise --max-tokens)"
            ) from exc
        raise ModelError(
            f"model output failed the {response_model.__name__} schema after {exc.n_attempts} attempts: "
            f"{_first_line(str(cause or exc))}"
        ) from exc

    def _usage(self, raw: Any) -> Usage:
        prompt = int(getattr(raw, "prompt_tokens", 0) or 0)
        completion = int(getattr(raw, "completion_tokens", 0) or 0)
        return Usage(
            prompt_tokens=prompt,
            completion_tokens=completion,
            calls=1,
            cost_usd=cost_usd(self.model, prompt, completion, on_openai=self.settings.is_openai,
                              batch=self.batch_api),
        )


def _root_cause(exc: BaseException) -> BaseException | None:
    seen = exc.__cause__ or exc.__context__
    while seen is not None and (seen.__cause__ or seen.__context__) is not None and not isinstance(
        seen, openai.OpenAIError
    ):
        seen = seen.__cause__ or seen.__context__
    return seen


def _completion_text(completion: Any) -> str | None:
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    if getattr(message, "tool_calls", None):
        return message.tool_calls[0].function.arguments
    content = getattr(message, "content", None)
    if not content:
        return None
    start, end = content.find("{"), content.rfind("}")
    return content[start : end + 1] if start != -1 and end > start else None


def _finish_reason(completion: Any) -> str | None:
    try:
        return completion.choices[0].finish_reason
    except (AttributeError, IndexError, TypeError):
        return None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else "no detail"


def _model_error(exc: BaseException, what: str) -> ModelError:
    """One line a user can act on, without echoing request headers (and so never the key)."""
    if _is_missing_recording(exc):
        return NoRecordingError(
            "no recording matches this request; configure a model (OPENAI_API_KEY or --base-url) or record one "
            "with `summarizer brief PATHS --base-url URL --record CASSETTE.yaml`"
        )
    if isinstance(exc, openai.APITimeoutError):
        return ModelError(f"the model server timed out ({what}); try --timeout or a smaller --concurrency")
    if isinstance(exc, openai.APIConnectionError):
        return ModelError(f"cannot reach the model server ({what}): {_first_line(str(exc.__cause__ or exc))}")
    if isinstance(exc, openai.RateLimitError):
        return ModelError(f"rate limited by the model server after retries ({what}); try a smaller --concurrency")
    if isinstance(exc, openai.AuthenticationError):
        return ModelError("the model server rejected the API key (HTTP 401); check OPENAI_API_KEY")
    if isinstance(exc, openai.APIStatusError):
        return ModelError(f"the model server answered HTTP {exc.status_code} ({what}): {_status_detail(exc)}")
    return ModelError(f"model call failed ({what}): {_first_line(str(exc))}")


def _status_detail(exc: openai.APIStatusError) -> str:
    try:
        body = exc.response.json()
        detail = body.get("error", body) if isinstance(body, dict) else body
        if isinstance(detail, dict):
            detail = detail.get("message", detail)
        return _first_line(json.dumps(detail) if not isinstance(detail, str) else detail)
    except (ValueError, AttributeError):
        return _first_line(exc.message)


def _is_missing_recording(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__name__ == "CannotOverwriteExistingCassetteException":
            return True
        seen = seen.__cause__ or seen.__context__
    return False
