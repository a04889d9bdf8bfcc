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
import socket
import time
import weakref
from typing import Any, Protocol, TypeVar

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError, create_model
from tenacity import AsyncRetrying, retry_if_not_exception_type, stop_after_attempt

from summarizer.errors import ModelError, NoRecordingError, one_line
from summarizer.schema import Usage
from summarizer.settings import DEFAULT_OPENAI_MODEL, Settings
from summarizer.urls import without_credentials

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

# ``chat.completions.create`` arguments that are request options, not body fields, and their option names.
_REQUEST_OPTIONS = {"extra_body": "extra_json", "extra_headers": "headers", "extra_query": "params", "timeout": "timeout"}
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


class RequestLog:
    """httpx event hooks that log each model request at INFO (shown by ``-v``): method, URL without credentials,
    model, bytes each way, status, duration and which retry of the openai client it is.

    Only what is listed is logged, never headers or bodies, so neither the API key nor the Authorization header
    can reach a log line. The hooks sit on the HTTP client, below instructor's re-asks and the openai client's
    retries, so every request on the wire is one line."""

    def __init__(self) -> None:
        self._started: weakref.WeakKeyDictionary[httpx2.Request, float] = weakref.WeakKeyDictionary()

    def attach(self, client: httpx2.AsyncClient) -> httpx2.AsyncClient:
        client.event_hooks = {"request": [*client.event_hooks["request"], self.on_request],
                              "response": [*client.event_hooks["response"], self.on_response]}
        return client

    async def on_request(self, request: httpx2.Request) -> None:
        self._started[request] = time.perf_counter()

    async def on_response(self, response: httpx2.Response) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        await response.aread()
        request = response.request
        seconds = time.perf_counter() - self._started.pop(request, time.perf_counter())
        retry = request.headers.get("x-stainless-retry-count", "0")
        log.info("model request: %s %s model=%s sent %d bytes, got %d bytes, HTTP %d in %.2f s%s",
                 request.method, without_credentials(str(request.url)), _model_of(request) or "?",
                 len(request.content), len(response.content), response.status_code, seconds,
                 f" (retry {retry})" if retry not in ("", "0") else "")


def _model_of(request: httpx2.Request) -> str | None:
    try:
        body = json.loads(request.content or b"{}")
    except ValueError:
        return None
    return str(body["model"]) if isinstance(body, dict) and "model" in body else None


@functools.cache
def json_schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """Building a JSON schema costs ~10 ms; the same few models are asked for on every call."""
    return response_model.model_json_schema()


@functools.cache
def prompt_schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """The schema as JSON mode prints it into the system message: the answer's shape, each field with its type
    (``{"claims": [{"claim": "string", ...}], ...}``), no titles, descriptions, defaults or bounds.

    A quarter of the JSON Schema's characters, paid on every call, and a shape a small model copies more readily.
    JSON mode is chosen for servers that constrain generation with the full schema (``json_schema``, sent in
    ``response_format``), so the bounds still hold; the prompt's rules say in words what the fields mean.
    """
    full = json_schema(response_model)
    return _shape(full, full.get("$defs", {}))


def _shape(node: dict[str, Any], definitions: dict[str, Any]) -> Any:
    if "$ref" in node:
        return _shape(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
    if "enum" in node:
        return " | ".join(map(str, node["enum"]))
    if "properties" in node:
        return {name: _shape(field, definitions) for name, field in node["properties"].items()}
    if "anyOf" in node:
        return " or ".join(str(_shape(option, definitions)) for option in node["anyOf"])
    if node.get("type") == "array":
        return [_shape(node.get("items", {}), definitions)]
    return node.get("type", "any")


@functools.cache
def for_instructor(response_model: type[T], compact: bool = False) -> type[T]:
    """The response model as instructor's schema class, built once per model.

    Given a plain pydantic model, instructor builds a new subclass of it and ``OpenAISchema`` on every call
    (pydantic's class construction: ~6 ms of CPU per extraction, on the event loop between requests). This is the
    same subclass, with the same name and docstring, made once. ``compact``: the schema instructor prints into the
    system message in JSON mode is :func:`prompt_schema`, not the full one (which TOOLS mode sends as the tool's
    parameters, where bounds and descriptions are the only ones the model sees).
    """
    wrapped = create_model(response_model.__name__, __base__=(response_model, instructor.OpenAISchema),
                           __module__=response_model.__module__)
    wrapped.__doc__ = response_model.__doc__
    if compact:
        wrapped.model_json_schema = classmethod(  # type: ignore[method-assign]
            lambda cls, *args, **kwargs: prompt_schema(response_model))
    return wrapped


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
        self._http_client = http_client
        mode = _MODES[self.mode]
        self._instructor = instructor.AsyncInstructor(
            client=None, create=instructor.patch(create=self._chat_completion, mode=mode), mode=mode
        )
        _quiet_instructor()

    @functools.cached_property
    def _client(self) -> openai.AsyncOpenAI:
        """Built on first use: a replay or recording sends through a copy of this client (:meth:`through`) and
        never uses this one, and the SDK's default HTTP client costs about 0.15 s to build (its TLS context)."""
        return openai.AsyncOpenAI(
            api_key=self.settings.key_for_request(),
            base_url=self.settings.base_url,
            timeout=self.settings.timeout_s,
            max_retries=self.settings.http_retries,
            http_client=RequestLog().attach(self._http_client or openai.DefaultAsyncHttpxClient()),
        )

    async def _chat_completion(self, **params: Any) -> ChatCompletion:
        """``POST /chat/completions`` through the SDK's ``post`` (its documented way to any endpoint), with the
        body ``chat.completions.create`` would send. ``client.chat`` first imports every resource module of the
        SDK (admin, beta, audio, …: about 0.6 s, most of an offline brief's own time) for the one endpoint this
        tool calls; the client's retries, timeouts and error types are the same either way."""
        options: dict[str, Any] = {"security": {"bearer_auth": True}}
        for argument, option in _REQUEST_OPTIONS.items():
            if params.get(argument) is not None:
                options[option] = params[argument]
        body = {key: value for key, value in params.items()
                if key not in _REQUEST_OPTIONS and not isinstance(value, (openai.NotGiven, openai.Omit))}
        return await self._client.post("/chat/completions", body=body, cast_to=ChatCompletion,
                                       options=options)  # type: ignore[arg-type]

    async def ensure_model(self) -> str:
        """Local servers serve one model under whatever name; ask rather than make the user type it."""
        if not self.model and self.settings.is_openai:
            self.model = DEFAULT_OPENAI_MODEL
        if not self.model:
            try:
                page = await self._client.models.list()
            except openai.OpenAIError as exc:
                raise _model_error(exc, "listing models", self.settings) from exc
            names = [m.id for m in page.data]
            if not names:
                raise ModelError(f"the server at {self.settings.shown_url} lists no models; pass -m MODEL")
            self.model = names[0]
        return self.model

    async def aclose(self) -> None:
        """Close the HTTP connections while the event loop that opened them is still running."""
        if "_client" in self.__dict__:  # never built, nothing to close
            await self._client.close()

    def through(self, transport: httpx2.AsyncBaseTransport) -> OpenAICompatibleLLM:
        """The same client (settings, model) with its requests handed to ``transport``, a recording's.

        Replay and recording go through this, never through a process-wide HTTP patch, so an application that
        embeds the summarizer keeps its own HTTP while a replay runs. ``trust_env=False``: a proxy from the
        environment would otherwise be mounted in front of the transport and bypass it.
        """
        routed = OpenAICompatibleLLM(
            self.settings, http_client=openai.DefaultAsyncHttpxClient(transport=transport, trust_env=False)
        )
        routed.model = self.model
        return routed

    def network(self) -> httpx2.AsyncBaseTransport:
        """Where this client's requests would otherwise go: the ``http_client`` it was given, or the SDK's own
        default client (with its limits, redirects and environment proxies). A recording forwards to it."""
        return _SendThrough(self._http_client)

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
                response_model=for_instructor(response_model, compact=self.mode == "json"),
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
            raise _model_error(exc, response_model.__name__, self.settings) from exc
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
            raise _model_error(cause, response_model.__name__, self.settings) from exc
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
            f"{one_line(cause or exc)}"
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


class _SendThrough(httpx2.AsyncBaseTransport):
    """A transport that sends each request with an httpx client: the caller's (left open, it is theirs) or a
    new SDK default one (closed with this transport). Redirects are left to the client in front."""

    def __init__(self, client: httpx2.AsyncClient | None) -> None:
        self._owned = client is None
        self._client = client or openai.DefaultAsyncHttpxClient()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._client.send(request, stream=True, follow_redirects=False)
        return httpx2.Response(response.status_code, headers=response.headers, stream=response.stream,
                               extensions=response.extensions)

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()


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


def _model_error(exc: BaseException, what: str, settings: Settings) -> ModelError:
    """One line a user can act on, without echoing request headers (and so never the key)."""
    if _is_missing_recording(exc):
        return NoRecordingError(
            "no recording matches this request; configure a model (OPENAI_API_KEY or --base-url) or record one "
            "with `summarizer brief PATHS --base-url URL --record CASSETTE.yaml`"
        )
    if isinstance(exc, openai.APITimeoutError):
        return ModelError(f"the model server timed out ({what}); try --timeout or a smaller --concurrency")
    if isinstance(exc, openai.APIConnectionError):
        # The same words for every article, so that a run's failures read as one reason, not five.
        return ModelError(f"cannot reach the model server at {settings.shown_url} ({_unreachable(exc)})")
    if isinstance(exc, openai.RateLimitError):
        return ModelError(f"rate limited by the model server after retries ({what}); try a smaller --concurrency")
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)) and settings.key_withheld:
        return ModelError(
            f"the model server at {settings.shown_url} refused the request (HTTP {exc.status_code}); your OpenAI key "
            "(sk-...) was NOT sent to it, because it is not OpenAI's server: pass --send-key (or set "
            "SUMMARIZER_SEND_KEY_TO_BASE_URL=1) to send it, or set the key this server expects"
        )
    if isinstance(exc, openai.AuthenticationError):
        return ModelError("the model server rejected the API key (HTTP 401); check OPENAI_API_KEY")
    if isinstance(exc, openai.APIStatusError):
        return ModelError(f"the model server answered HTTP {exc.status_code} ({what}): {_status_detail(exc)}")
    return ModelError(f"model call failed ({what}): {_first_line(str(exc))}")


def _unreachable(exc: BaseException) -> str:
    """Why a connection failed, in the words a person checks first: the name, or the port."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "DNS lookup failed: no such host"
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused: nothing listens on that port"
        seen = seen.__cause__ or seen.__context__
    return _first_line(str(exc.__cause__ or exc))


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
