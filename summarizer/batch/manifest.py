"""Which stories a batch briefs: one per subfolder of a folder, or the groups a manifest file names.

A manifest (``stories.toml`` or ``stories.json``) maps each story id to its inputs, paths or URLs, for stories
whose articles do not sit in one folder each::

    kursk = ["seeds/", "extra/welt.txt"]      # stories.toml
    {"kursk": ["seeds/", "extra/welt.txt"]}   # stories.json

Relative paths are resolved against the manifest's own folder, so a manifest works from any working directory.
A story id names the story's output files (``OUT/kursk.md``), so it must be a plain file name: no folder
separators, no leading dot, not ``index`` (that is the index page). Anything wrong with the file is one
:class:`UsageError` line naming the file and the problem, before any story runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, TypeAdapter, ValidationError

from summarizer.errors import UsageError, one_line
from summarizer.urls import is_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

INDEX_NAME = "index"
MANIFEST_SUFFIXES = (".toml", ".json")


def check_story_id(story: str) -> str:
    """A story id becomes ``OUT/<id>.md``: it must not reach outside OUT, hide, or overwrite the index."""
    if not story.strip():
        raise ValueError("a story id may not be empty")
    if "/" in story or "\\" in story or story.startswith("."):
        raise ValueError(f"story id {story!r} must be a plain file name (no '/', '\\' or leading '.')")
    if any(ord(c) < 32 or ord(c) == 127 for c in story):
        raise ValueError(f"story id {story!r} contains control characters")
    if story.casefold() == INDEX_NAME:
        raise ValueError(f"a story may not be called {story!r}: it would overwrite {INDEX_NAME}.md")
    return story


def _as_list(value: Any) -> Any:
    """``kursk = "seeds/"`` is a one-input story, the natural spelling for a single folder."""
    return [value] if isinstance(value, str) else value


StoryId = Annotated[str, AfterValidator(check_story_id)]
Inputs = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]],
    BeforeValidator(_as_list),
    Field(min_length=1),
]
_MANIFEST: TypeAdapter[dict[str, list[str]]] = TypeAdapter(dict[StoryId, Inputs])


def _resolved(entry: str, base: Path) -> str:
    """A URL as written; a path relative to the manifest's folder, whatever the working directory."""
    if is_url(entry):
        return entry
    path = Path(entry).expanduser()
    return str(path if path.is_absolute() else base / path)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON allows a key twice and keeps the last; a story listed twice is a mistake the user should see."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"story {key!r} is listed twice")
        seen[key] = value
    return seen


def _parse(path: Path, raw: bytes) -> Any:
    suffix = path.suffix.lower()
    if suffix not in MANIFEST_SUFFIXES:
        raise UsageError(f"--manifest {path}: use a .toml or .json file (story id = list of paths or URLs)")
    try:
        text = raw.decode("utf-8-sig")
        return tomllib.loads(text) if suffix == ".toml" else json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError:
        raise UsageError(f"--manifest {path}: not UTF-8 text") from None
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise UsageError(f"--manifest {path}: not valid {suffix[1:].upper()}: {one_line(exc)}") from None


def _problem(exc: ValidationError) -> str:
    """pydantic's first error as "story 'x': why", without its multi-line report."""
    first = exc.errors()[0]
    where = f"story {first['loc'][0]!r}: " if first["loc"] else ""
    message = first["msg"].removeprefix("Value error, ")
    if not first["loc"] and first["type"] == "dict_type":
        message = "expected a table of story id = list of paths or URLs"
    elif first["type"] == "too_short":
        message = "lists no path or URL"
    return where + message


def read_manifest(path: str | Path) -> dict[str, list[str]]:
    """Each story id with its inputs (paths resolved against the manifest's folder, URLs as written), in file
    order, so the index lists stories as the manifest does."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--manifest {path}: cannot read it: {exc.strerror or exc}") from None
    try:
        stories = _MANIFEST.validate_python(_parse(path, raw))
    except ValidationError as exc:
        raise UsageError(f"--manifest {path}: {_problem(exc)}") from None
    if not stories:
        raise UsageError(f"--manifest {path}: names no story (write: story_id = [\"path/\", \"https://…\"])")
    base = path.resolve().parent
    return {story: [_resolved(entry, base) for entry in entries] for story, entries in stories.items()}


def story_folders(folder: str | Path) -> dict[str, list[str]]:
    """Each subfolder is one story, in name order so the index and the progress are stable."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder of stories (or pass --manifest FILE)")
    stories = {d.name: [str(d)] for d in sorted(folder.iterdir()) if d.is_dir() and not d.name.startswith(".")}
    if not stories:
        raise UsageError(f"{folder}: no story folders in it (each subfolder is one story; for loose articles "
                         "use 'summarizer brief')")
    for story in stories:
        try:
            check_story_id(story)
        except ValueError as exc:
            raise UsageError(f"{folder / story}: {exc}; rename the folder") from None
    return stories


__all__ = ["MANIFEST_SUFFIXES", "check_story_id", "read_manifest", "story_folders"]
