"""Where the stories run: here, one after another, or on Dask distributed (an existing cluster or a local one).

An engine is a function from the stories' jobs to their outcomes, yielded as each story finishes: the Brief's JSON,
or the exception that story raised. It schedules nothing of its own; writing the outputs, the index and the
resume stamps stays with the caller, on the client. A new engine (such as the OpenAI Batch API) is one more
function of this shape.

Dask, not Ray: it is pure Python and ``pip install``-able (``summarizer[dask]``), ``LocalCluster`` gives real
worker processes on one machine, ``Client("tcp://host:8786")`` uses a cluster someone already runs, and its
futures API (``submit`` + ``as_completed``) fits a pure function per story exactly. Ray would bring a larger
runtime for features (actors, object store) this work does not use.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.batch.work import brief_story
from summarizer.errors import UsageError, one_line

DASK_HINT = "pip install 'summarizer[dask]'"


@dataclass(frozen=True)
class Job:
    """One story as an engine sees it: what ``brief_story`` is called with."""

    story: str
    paths: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict, hash=False)


Outcome = tuple[Job, "str | Exception"]
Engine = Callable[[Sequence[Job]], Iterator[Outcome]]


def run_here(jobs: Sequence[Job]) -> Iterator[Outcome]:
    """One story after another in this process (each story's articles still run ``concurrency`` at a time)."""
    for job in jobs:
        try:
            yield job, brief_story(list(job.paths), job.options)
        except Exception as exc:  # one story's failure, whatever it is, must not stop the others
            yield job, exc


def run_on(client: Any) -> Engine:
    """Every story as one Dask task on ``client``'s cluster, gathered as each completes."""

    def run(jobs: Sequence[Job]) -> Iterator[Outcome]:
        from distributed import as_completed

        futures = {client.submit(brief_story, list(job.paths), job.options, pure=False, key=_task_key(job)): job
                   for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield job, future.result()
            except Exception as exc:  # the story's own error, or the engine's (KilledWorker): one failed story
                yield job, exc
            finally:
                future.release()

    return run


def _task_key(job: Job) -> str:
    """A readable, unique task name for the Dask dashboard: the story id and a random suffix."""
    import uuid

    return f"brief-{job.story}-{uuid.uuid4().hex[:8]}"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError(f"--scheduler and --workers need Dask distributed: {DASK_HINT}") from None
    return distributed


def check_engine(scheduler: str | None, workers: int | None) -> Any:
    """The flags' mistakes before any story runs; the ``distributed`` module when they ask for Dask, else None."""
    if scheduler is not None and workers is not None:
        raise UsageError("--scheduler and --workers cannot be combined: --workers starts a local cluster")
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: give at least 1")
    return None if scheduler is None and workers is None else _distributed()


@contextlib.contextmanager
def engine(scheduler: str | None = None, workers: int | None = None) -> Iterator[Engine]:
    """The engine the flags ask for: ``scheduler`` an existing Dask cluster's address (``tcp://host:8786``),
    ``workers`` a ``LocalCluster`` of that many single-threaded worker processes, neither this process alone."""
    distributed = check_engine(scheduler, workers)
    if distributed is None:
        yield run_here
        return
    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            try:
                client = stack.enter_context(distributed.Client(scheduler, timeout="15s"))
            except (OSError, TimeoutError, ValueError) as exc:
                raise UsageError(f"--scheduler {scheduler}: cannot connect: {one_line(exc)}") from None
        else:
            # One thread per worker: one story at a time each; a story already runs --concurrency calls at once.
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR))
            client = stack.enter_context(distributed.Client(cluster))
        yield run_on(client)


__all__ = ["DASK_HINT", "Engine", "Job", "Outcome", "check_engine", "engine", "run_here", "run_on"]
