"""A small stand-in for the AnkiConnect add-on, backed by a real ``anki`` collection.

It speaks AnkiConnect's JSON protocol (API version 6: ``{"action", "version", "params"}`` in,
``{"result", "error"}`` out, HTTP 200 even for errors) for the actions ``deckgen sync`` uses, doing
what the add-on does with them (see :mod:`deckgen.ankiconnect`). It listens on 127.0.0.1 only,
on a free port, answers one request at a time, refuses bodies over 1 MB, and stops when the test
ends.

Tests can make it misbehave: ``unknown`` names actions answered with "unsupported action",
``fail`` maps an action to an error text, and ``delay`` makes every answer that many seconds late.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Self

MAX_BODY = 1 << 20


class FakeAnkiConnect:
    """The server; use as a context manager. ``col`` is the open collection."""

    def __init__(self, collection: Path) -> None:
        from anki.collection import Collection

        self.col: Any = Collection(os.fspath(collection))
        self.unknown: set[str] = set()
        self.fail: dict[str, str] = {}
        self.delay = 0.0
        self.calls: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self.send_error(413)
                    return
                body = self.rfile.read(length)
                if server.delay:
                    time.sleep(server.delay)
                reply = json.dumps(server.handle(body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.timeout = 1
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
        self.col.close()

    def handle(self, body: bytes) -> dict[str, Any]:
        try:
            request = json.loads(body)
            action = request["action"]
            params = request.get("params", {})
        except (ValueError, KeyError, TypeError):
            return {"result": None, "error": "invalid request"}
        with self._lock:
            self.calls.append(action)
            try:
                if action in self.fail:
                    raise RuntimeError(self.fail[action])
                method = getattr(self, "do_" + _snake(action), None)
                if "model_name" in (params or {}):
                    raise RuntimeError("invalid params")
                params = {_snake(k): v for k, v in params.items()}
                if method is None or action in self.unknown:
                    raise RuntimeError("unsupported action")
                return {"result": method(**params), "error": None}
            except Exception as err:  # noqa: BLE001  (the add-on answers every failure alike)
                return {"result": None, "error": str(err)}

    # --- the actions, as the add-on implements them ---

    def do_version(self) -> int:
        return 6

    def do_find_notes(self, query: str) -> list[int]:
        return [int(n) for n in self.col.find_notes(query)]

    def do_notes_info(self, notes: list[int]) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = []
        for nid in notes:
            try:
                note = self.col.get_note(nid)
            except Exception:  # noqa: BLE001  (NotFoundError: the add-on gives {})
                result.append({})
                continue
            model = note.note_type()
            result.append(
                {
                    "noteId": note.id,
                    "tags": list(note.tags),
                    "fields": {
                        f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]}
                        for f in model["flds"]
                    },
                    "modelName": model["name"],
                    "mod": note.mod,
                    "cards": list(
                        self.col.db.list("select id from cards where nid = ? order by ord", nid)
                    ),
                }
            )
        return result

    def do_are_suspended(self, cards: list[int]) -> list[bool | None]:
        queues = dict(self.col.db.all("select id, queue from cards"))
        return [None if c not in queues else queues[c] == -1 for c in cards]

    def do_import_package(self, path: str) -> bool:
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        # What the add-on's legacy AnkiPackageImporter does in current Anki.
        self.col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=path,
                options=ImportAnkiPackageOptions(
                    merge_notetypes=True, with_scheduling=True, with_deck_configs=True
                ),
            )
        )
        return True

    def do_suspend(self, cards: list[int], suspend: bool = True) -> bool:
        queues = dict(self.col.db.all("select id, queue from cards"))
        todo = [c for c in cards if (queues.get(c) == -1) != suspend]
        if not todo:
            return False
        if suspend:
            self.col.sched.suspend_cards(todo)
        else:
            self.col.sched.unsuspend_cards(todo)
        return True

    def do_unsuspend(self, cards: list[int]) -> bool:
        return self.do_suspend(cards, suspend=False)

    def do_add_tags(self, notes: list[int], tags: str) -> None:
        self.col.tags.bulk_add(notes, tags)

    def do_remove_tags(self, notes: list[int], tags: str) -> None:
        self.col.tags.bulk_remove(notes, tags)

    def do_delete_notes(self, notes: list[int]) -> None:
        self.col.remove_notes(notes)

    def do_model_names(self) -> list[str]:
        return [m.name for m in self.col.models.all_names_and_ids()]

    def do_model_styling(self, model_name: str) -> dict[str, str]:
        model = self.col.models.by_name(model_name)
        if model is None:
            raise RuntimeError(f"model was not found: {model_name}")
        return {"css": model["css"]}

    def do_model_templates(self, model_name: str) -> dict[str, dict[str, str]]:
        model = self.col.models.by_name(model_name)
        if model is None:
            raise RuntimeError(f"model was not found: {model_name}")
        return {t["name"]: {"Front": t["qfmt"], "Back": t["afmt"]} for t in model["tmpls"]}


def _snake(name: str) -> str:
    """AnkiConnect's camelCase names as this module's method and argument names."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
