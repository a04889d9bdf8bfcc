"""A fake Files/Batches server, a test double: nothing here came from a model or from OpenAI.

It speaks just enough of ``/v1/files`` and ``/v1/batches`` for the openai SDK, through an ``httpx2.MockTransport``
(no sockets), and answers each uploaded JSONL line with hand-written scripted answers. A batch reports
``validating``, then ``in_progress``, then ``completed`` over successive polls (``hold`` keeps it in progress);
``fail`` names the lines to put in the errors file instead.
"""

from __future__ import annotations

import email.parser
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2

# Scripted answer: (response model name, messages) -> the tool call's arguments.
Script = Callable[[str, list[dict[str, str]]], dict[str, Any]]

STATUSES = ("validating", "in_progress", "completed")


def scripted_completion(script: Script, body: dict[str, Any]) -> dict[str, Any]:
    """The chat completion a model would return for ``body`` in tools mode, arguments from ``script``."""
    name = body["tools"][0]["function"]["name"]
    arguments = json.dumps(script(name, body["messages"]))
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": body["model"],
        "choices": [{"index": 0, "finish_reason": "stop", "message": {
            "role": "assistant", "content": None,
            "tool_calls": [{"id": "call_fake", "type": "function", "function": {"name": name, "arguments": arguments}}],
        }}],
        "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
    }


def live_transport(script: Script) -> httpx2.MockTransport:
    """The same scripted answers served live, one chat completion per request, for comparison with the batch path."""
    def handle(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json=scripted_completion(script, json.loads(request.content)))

    return httpx2.MockTransport(handle)


@dataclass
class FakeBatchServer:
    script: Script
    fail: Callable[[dict[str, Any]], str | None] = lambda body: None
    hold: bool = False
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    creates: int = 0
    uploads: int = 0
    _ids: itertools.count = field(default_factory=itertools.count)

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handle))

    def lines_of(self, batch_id: str) -> list[dict[str, Any]]:
        """The JSONL lines submitted in one batch."""
        text = self.files[self.batches[batch_id]["input_file_id"]].decode()
        return [json.loads(line) for line in text.splitlines() if line]

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path.removeprefix("/v1")
        if request.method == "POST" and path == "/files":
            return self._upload(request)
        if request.method == "POST" and path == "/batches":
            return self._create(json.loads(request.content))
        if request.method == "GET" and path == "/batches":
            listed = list(reversed(self.batches.values()))  # newest first, as OpenAI lists them
            return httpx2.Response(200, json={"object": "list", "data": listed, "has_more": False})
        if request.method == "GET" and path.startswith("/batches/"):
            return self._retrieve(path.removeprefix("/batches/"))
        if request.method == "GET" and path.startswith("/files/") and path.endswith("/content"):
            return httpx2.Response(200, content=self.files[path.split("/")[2]])
        return httpx2.Response(404, json={"error": {"message": f"fake server: no {request.method} {path}"}})

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    def _store(self, content: bytes, prefix: str = "file") -> str:
        file_id = self._new_id(prefix)
        self.files[file_id] = content
        return file_id

    def _upload(self, request: httpx2.Request) -> httpx2.Response:
        header = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser().parsebytes(header + request.content)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.get_payload()}
        assert parts["purpose"].get_payload() == "batch"
        content = parts["file"].get_payload(decode=True)
        self.uploads += 1
        file_id = self._store(content)
        return httpx2.Response(200, json={"id": file_id, "object": "file", "bytes": len(content), "created_at": 0,
                                          "filename": "batch.jsonl", "purpose": "batch", "status": "processed"})

    def _create(self, params: dict[str, Any]) -> httpx2.Response:
        assert params["endpoint"] == "/v1/chat/completions" and params["completion_window"] == "24h"
        self.creates += 1
        batch_id = self._new_id("batch")
        self.batches[batch_id] = {"id": batch_id, "object": "batch", "endpoint": params["endpoint"],
                                  "completion_window": "24h", "created_at": 0, "status": STATUSES[0],
                                  "input_file_id": params["input_file_id"]}
        self.polls[batch_id] = 0
        return httpx2.Response(200, json=self.batches[batch_id])

    def _retrieve(self, batch_id: str) -> httpx2.Response:
        """First poll validating, second in_progress, third completed (never, while ``hold`` is set)."""
        batch = self.batches[batch_id]
        self.polls[batch_id] += 1
        if batch["status"] in STATUSES[:2]:
            batch["status"] = STATUSES[min(self.polls[batch_id] - 1, 1 if self.hold else 2)]
            if batch["status"] == "completed":
                self._run(batch)
        return httpx2.Response(200, json=batch)

    def _run(self, batch: dict[str, Any]) -> None:
        """Answer every line: the scripted completion, or an errors-file entry for the lines ``fail`` names."""
        output, errors = [], []
        for line in self.lines_of(batch["id"]):
            reason = self.fail(line["body"])
            if reason:
                errors.append({"id": "req", "custom_id": line["custom_id"], "response": None,
                               "error": {"code": "fake_failure", "message": reason}})
            else:
                output.append({"id": "req", "custom_id": line["custom_id"], "error": None, "response": {
                    "status_code": 200, "request_id": "r", "body": scripted_completion(self.script, line["body"])}})
        batch["output_file_id"] = self._store("".join(json.dumps(o) + "\n" for o in output).encode())
        if errors:
            batch["error_file_id"] = self._store("".join(json.dumps(e) + "\n" for e in errors).encode())
        batch["request_counts"] = {"total": len(output) + len(errors), "completed": len(output), "failed": len(errors)}
