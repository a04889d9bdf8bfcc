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

import shtab

from summarizer.errors import SummarizerError, UsageError
from summarizer.files import write_atomically
from summarizer.load.articles import ARTICLE_SUFFIXES, STDIN
from summarizer.load.fetch import read_url_list
from summarizer.output import RENDERERS, format_for, render
from summarizer.output.failures import failure_lines
from summarizer.pipeline import ProgressStatus, summarize
from summarizer.schema import Article, Brief
from summarizer.settings import Settings, default, environment_names, load_settings
from summarizer.text.normalise import strip_controls
from summarizer.urls import is_url
from summarizer.version import __version__

EXIT_CODES = """exit codes:
  0  briefing produced from every input (batch: every story briefed from all its inputs, or unchanged)
  1  the briefing could not be written (e.g. -o into a read-only directory)
  2  usage error (bad flags or settings, a bad --manifest, no model configured and no recording)
  3  input error (no usable article among the inputs)
  4  model error (the model server failed after retries, or no recording matches in replay)
  5  partial result: some inputs failed; the briefing was still written unless --strict
     (batch: some story failed or lost inputs; every other story is written, index.md says which)
"""


def environment_variables() -> list[str]:
    """Each setting's environment variables, read from ``Settings`` so --help cannot drift from what is read."""
    return [" / ".join(environment_names(name)) for name in Settings.model_fields]


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
    brief.add_argument("paths", nargs="*", metavar="PATH|URL|-",
                       help="article files (.txt .md .html), directories of them, http(s) URLs of news pages, "
                            "or - for one article on standard input").complete = shtab.FILE  # type: ignore[attr-defined]
    brief.add_argument("--urls", type=Path, metavar="FILE",
                       help="also fetch the URLs in FILE, one per line (blank lines and # comments skipped)"
                       ).complete = shtab.FILE  # type: ignore[attr-defined]
    brief.add_argument("-o", "--output", type=Path, help="write here (atomically) instead of stdout"
                       ).complete = shtab.FILE  # type: ignore[attr-defined]
    brief.add_argument("--format", choices=list(RENDERERS), help="output format (default: from the -o file's "
                       "extension, .json, .md or .html, else markdown)")
    brief.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    brief.add_argument("--keep-articles", action="store_true", help="with --json: include each article's brief; "
                       "with html: show each point's evidence sentences")
    _model_flags(brief, local=True)
    runs = brief.add_argument_group("recordings")
    runs.add_argument("--replay", type=Path, help="answer from this cassette only; unrecorded requests fail"
                      ).complete = shtab.FILE  # type: ignore[attr-defined]
    runs.add_argument("--record", type=Path, help="record the run's model exchanges into this cassette"
                      ).complete = shtab.FILE  # type: ignore[attr-defined]
    runs.add_argument("--record-missing", action="store_true",
                      help="with --record: keep the cassette's exchanges and record only the requests it lacks")
    _limit_flags(brief)
    _batch_parser(commands)
    cache = commands.add_parser("cache", help="the answers cache: where it is, how big, or empty it")
    cache.add_argument("action", choices=["info", "clear"], help="info: folder, answers and size; clear: remove them")
    _settings(cache, (("cache_dir", "--cache-dir"),))
    local = commands.add_parser("local", help="manage the bundled local model")
    local.add_argument("action", choices=["setup"], help="setup: assemble and verify the weights once")
    completion = commands.add_parser("completion", help="print a shell completion script (bash or zsh)",
                                     description="Print a completion script generated from these flags (shtab); "
                                                 "e.g. `summarizer completion bash > ~/.local/share/bash-completion/"
                                                 "completions/summarizer`.")
    completion.add_argument("shell", choices=COMPLETION_SHELLS)
    return parser


COMPLETION_SHELLS = ("bash", "zsh")


def _model_flags(parser: argparse.ArgumentParser, *, local: bool) -> None:
    """The model flags, shared by every command that briefs (``brief``, ``batch``) so they cannot drift apart."""
    model = parser.add_argument_group("model (default: OPENAI_API_KEY / OPENAI_BASE_URL from the environment)")
    _settings(model, _MODEL_FLAGS[:2])
    if local:
        model.add_argument("--local", action="store_true",
                           help="run the bundled local model (needs the [local] extra; no API key, no network)")
    _settings(model, _MODEL_FLAGS[2:])


def _limit_flags(parser: argparse.ArgumentParser) -> None:
    """Limits, cache, --strict, -u and -q: the same for one story and for each story of a batch."""
    limits = parser.add_argument_group("limits and behaviour")
    _settings(limits, _LIMIT_FLAGS)
    limits.add_argument("-u", "--usage", action="store_true", help="print token usage and cost on stderr")
    chatter = limits.add_mutually_exclusive_group()
    chatter.add_argument("-q", "--quiet", action="store_true", help="no progress or warnings on stderr")
    chatter.add_argument("-v", "--verbose", action="store_true",
                         help="log each URL fetch and model request (method, URL, model, sizes, duration, retry, "
                              "cache hit or miss) on stderr; never keys, headers or URL credentials")


def _batch_parser(commands: Any) -> None:
    """``summarizer batch``: the brief flags that make sense per story, and where the stories run."""
    batch = commands.add_parser(
        "batch", help="brief many stories: each subfolder of STORIES, or each story of a --manifest",
        epilog=EXIT_CODES + "\n" + _environment_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.add_argument("stories", nargs="?", type=Path, help="a folder whose subfolders are one story each"
                       ).complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    batch.add_argument("--manifest", type=Path, metavar="FILE", help="instead of STORIES: a .toml or .json file of story id = "
                       "list of paths or URLs (paths relative to the file)")
    batch.add_argument("-o", "--output", type=Path, required=True,
                       help="folder for STORY.md / STORY.json, index.md and index.json"
                       ).complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    batch.add_argument("--format", action="append", choices=list(RENDERERS),
                       help="a format to write for each story; repeat for several (default: markdown and json)")
    _model_flags(batch, local=False)
    runs = batch.add_argument_group("recordings")
    runs.add_argument("--replay", type=Path, metavar="CASSETTE|FOLDER",
                      help="answer every story from this cassette, or story S from FOLDER/S.yaml")
    runs.add_argument("--record", type=Path, metavar="FOLDER", help="record story S's model exchanges into FOLDER/S.yaml")
    where = batch.add_argument_group("where the stories run (default: here, one story after another)")
    engines = where.add_mutually_exclusive_group()
    engines.add_argument("--scheduler", metavar="tcp://HOST:8786",
                         help="an existing Dask cluster's scheduler (needs the [dask] extra)")
    engines.add_argument("--workers", type=int, metavar="N",
                         help="a local Dask cluster of N worker processes (needs the [dask] extra)")
    engines.add_argument("--batch-api", action="store_true",
                         help="send every model call through the Batch API (/v1/files + /v1/batches) at batch "
                              "prices; state in OUT/.batch-state.json, so a rerun resumes without resubmitting")
    where.add_argument("--batch-wait", type=float, metavar="SECONDS",
                       help="with --batch-api: how long to wait for a batch before stopping (default 26 h); "
                            "run again to keep waiting")
    _limit_flags(batch)


# Which Settings field each setting flag sets, in the order --help lists them; everything else about a flag
# comes from the field (see _setting).
_MODEL_FLAGS: tuple[tuple[str, ...], ...] = (
    ("model", "-m", "--model"), ("base_url", "--base-url"), ("lang", "--lang"), ("mode", "--mode"),
    ("send_key_to_base_url", "--send-key"), ("max_tokens", "--max-tokens"), ("timeout_s", "--timeout"),
    ("concurrency", "--concurrency"),
)
_LIMIT_FLAGS: tuple[tuple[str, ...], ...] = (
    ("max_bytes", "--max-bytes"), ("fetch_timeout_s", "--fetch-timeout"), ("max_articles", "--max-articles"),
    ("max_article_words", "--max-article-words"),
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
    for raw in (p for p in paths if not is_url(p) and p != STDIN):
        path = Path(raw).resolve()
        if path == target or (path.is_dir() and target.is_file() and target.is_relative_to(path)
                              and target.suffix.lower() in ARTICLE_SUFFIXES):
            return str(raw) if path == target else str(target)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # instructor logs each exhausted re-ask at ERROR; the briefing already reports what was dropped and why.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    _log_to_stderr(logging.ERROR if getattr(args, "quiet", False) else
                   logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    if args.command == "local":
        return _local_setup()
    if args.command == "batch":
        return _batch(args)
    if args.command == "cache":
        return _cache(args)
    if args.command == "completion":
        sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
        return 0
    settings = _given_settings(args)
    try:
        paths = [*args.paths, *(read_url_list(args.urls) if args.urls else [])]
    except UsageError as exc:
        return _fail(exc)
    if not paths:
        return _fail(UsageError("brief: give at least one PATH, URL or -, or --urls FILE"))
    if args.output and (clash := _input_at(args.output, paths)):
        return _fail(UsageError(f"-o {args.output} is the input article {clash}: choose another output file"))
    try:
        _check_settings(settings)
        with _progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
            brief = summarize(paths, replay=args.replay, record=args.record,
                              record_missing=args.record_missing, local=args.local,
                              notify=None if args.quiet else _notice, keep_article_briefs=args.keep_articles,
                              progress=progress, **settings)
    except SummarizerError as exc:
        return _fail(exc)
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


def _flag(name: str, value: Any) -> str:
    """The flag that set a setting, as the user typed it (``--timeout``, not the field ``timeout_s``)."""
    flags = {field: spelled[-1] for field, *spelled in _MODEL_FLAGS + _LIMIT_FLAGS}
    return flags.get(name, "--" + name.replace("_", "-"))


def _check_settings(settings: dict[str, Any]) -> None:
    """Flags and environment checked before the run, so an invalid value names the flag or variable that set it."""
    load_settings(settings, spelled=_flag)


def _batch(args: argparse.Namespace) -> int:
    """Every story; exit 5 if any story failed or lost inputs, the others' briefings are written regardless."""
    from summarizer.batch import DEFAULT_FORMATS, StoryResult, summarize_many
    from summarizer.batch.manifest import read_manifest
    from summarizer.llm.batch_api import BatchPolicy

    if (args.stories is None) == (args.manifest is None):
        return _fail(UsageError("batch: give either a folder of story folders or --manifest FILE"))
    if args.batch_wait is not None and (not args.batch_api or args.batch_wait <= 0):
        return _fail(UsageError("--batch-wait needs --batch-api and a number of seconds above 0"))
    batch_api = args.batch_api and BatchPolicy(notify=_notice, **(
        {"wait_s": args.batch_wait} if args.batch_wait is not None else {}))

    def report(result: StoryResult, done: int, total: int) -> None:
        if not args.quiet:
            _notice(f"[{done}/{total}] {result.story}: {_story_line(result)}")

    try:
        _check_settings(_given_settings(args))
        stories = read_manifest(args.manifest) if args.manifest else args.stories
        results = summarize_many(stories, args.output, formats=args.format or DEFAULT_FORMATS,
                                 scheduler=args.scheduler, workers=args.workers, replay=args.replay,
                                 record=args.record, progress=report, notify=None if args.quiet else _notice,
                                 batch_api=batch_api, **_given_settings(args))
    except SummarizerError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        _stderr("summarizer: interrupted; the stories already finished are written and a rerun resumes (a "
                "submitted batch included)")
        return 130
    except OSError as exc:
        _stderr(f"summarizer: error: cannot write into {args.output}: {exc.strerror or exc}")
        return 1
    if args.usage:
        _stderr(_batch_usage_line(results))
    return 0 if all(r.ok for r in results) else 5


def _story_line(result: Any) -> str:
    if result.error:
        return f"failed: {result.error}"
    if result.skipped:
        return "skipped (unchanged)"
    lost = f", {result.failures} input(s) failed" if result.failures else ""
    return f"done ({result.articles} articles, {result.discrepancies} discrepancies{lost})"


def _batch_usage_line(results: Sequence[Any]) -> str:
    """The -u line of a batch: totals over the stories briefed in this run (a skipped story cost nothing)."""
    briefed = [r for r in results if r.error is None and not r.skipped]
    costs = [r.cost_usd for r in briefed if r.cost_usd is not None]
    cost = f"${sum(costs):.4f}" if costs else "cost unknown"
    return (f"summarizer: tokens: {len(briefed)} stories, {sum(r.calls for r in briefed)} calls, "
            f"{sum(r.prompt_tokens for r in briefed)} prompt + {sum(r.completion_tokens for r in briefed)} "
            f"completion tokens, {cost}")


def _cache(args: argparse.Namespace) -> int:
    from summarizer.llm.cache import cache_info, clear_cache

    try:
        config = load_settings(_given_settings(args), spelled=_flag)
    except UsageError as exc:
        return _fail(exc)
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
    """Under -q only errors, under -v also INFO (fetches, model requests, cache hits); one handler however often
    ``main`` runs, so no line is printed twice. The logger's own level is set only for -v, and reset otherwise,
    so that a Python caller's logging configuration decides everything else."""
    _LOG_HANDLER.setLevel(level)
    root = logging.getLogger("summarizer")
    root.setLevel(logging.INFO if level == logging.INFO else logging.NOTSET)
    root.addHandler(_LOG_HANDLER)


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
