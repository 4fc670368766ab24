"""The AnkiConnect route of ``deckgen sync``: a running Anki with the AnkiConnect add-on.

Input: the add-on's address and a built :class:`deckgen.sync.Deck`; output: the collection
changed through AnkiConnect's JSON API (version 6), one action per whole step.

What the actions do (checked against the add-on's source, ``plugin/__init__.py``):

- ``importPackage`` opens the path it is given in Anki's own process. The add-on's README says it
  is "relative to Anki's collection.media folder, not to the client", so deckgen always sends an
  absolute path, and Anki must see the same file system (Anki on this machine). In current Anki
  the add-on's legacy ``AnkiPackageImporter`` runs ``Collection.import_anki_package`` with the
  default update rule, "if newer", for notes and note types, and scheduling kept.
- ``findNotes`` takes an Anki search. Anki cannot search by GUID, so deckgen finds its notes by
  note type (``mid:``) and keeps the note id of each GUID it synced (:mod:`deckgen.sync`'s record).
- ``notesInfo`` gives each note's fields, tags, card ids and (in current versions) ``mod``.
- ``suspend`` answers ``false`` when every card was suspended already (not an error); ``unsuspend``
  likewise. ``areSuspended`` gives one boolean per card.
- ``addTags`` and ``removeTags`` take the tags as one space-separated string.
- ``deleteNotes`` deletes the notes and their cards (and their review history).
- Any failure comes back as HTTP 200 with ``{"result": null, "error": "..."}``; an action the
  add-on does not know gives ``"unsupported action"``.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from deckgen.package import BACK, CSS, FIELDS, FRONT, MODEL_ID, MODEL_NAME
from deckgen.sync import (
    REMOVED_TAG,
    AnkiConnectError,
    AnkiNotRunningError,
    Deck,
    ExistingNote,
    Plan,
    Step,
    SyncError,
    package_notes,
)

API_VERSION = 6
BATCH = 2000
"""Notes asked about per ``notesInfo`` request, so no answer grows without bound."""


class AnkiConnect:
    """A client of the AnkiConnect add-on."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout

    def call(self, action: str, **params: Any) -> Any:
        """Run one action and return its result; raise :class:`AnkiNotRunningError` or
        :class:`AnkiConnectError`."""
        body = json.dumps({"action": action, "version": API_VERSION, "params": params}).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            raise AnkiConnectError(
                f"{self.url} answered HTTP {err.code} to {action}: it does not look like "
                "AnkiConnect (install the add-on, code 2055492159, and restart Anki)"
            ) from None
        except TimeoutError:
            raise AnkiConnectError(
                f"AnkiConnect at {self.url} did not answer {action} within {self.timeout:g} s "
                "(is Anki showing a dialog?)"
            ) from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise AnkiConnectError(
                    f"AnkiConnect at {self.url} did not answer {action} within "
                    f"{self.timeout:g} s (is Anki showing a dialog?)"
                ) from None
            raise AnkiNotRunningError(
                f"cannot reach Anki at {self.url} ({getattr(reason, 'strerror', None) or reason})"
                ": start Anki with the AnkiConnect add-on, or sync to a closed collection with "
                "--collection or --profile"
            ) from None
        except (ConnectionError, OSError) as err:
            raise AnkiNotRunningError(
                f"cannot reach Anki at {self.url} ({err.strerror or err}): start Anki with the "
                "AnkiConnect add-on"
            ) from None
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if not isinstance(answer, dict) or "result" not in answer or "error" not in answer:
            raise AnkiConnectError(
                f"{self.url} did not answer {action} as AnkiConnect (API version {API_VERSION}) "
                "does: is something else listening there?"
            )
        if answer["error"] is not None:
            error = str(answer["error"])
            hint = "; update the AnkiConnect add-on" if "unsupported action" in error else ""
            raise AnkiConnectError(f"AnkiConnect answered an error to {action}: {error}{hint}")
        return answer["result"]


class AnkiConnectTarget:
    """A running Anki, reached through AnkiConnect (see :class:`deckgen.sync.Target`)."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.client = AnkiConnect(url, timeout)
        self.name = url
        self.backup = None
        self._ids: dict[str, int] = {}
        version = self.client.call("version")
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiConnectError(
                f"AnkiConnect at {url} speaks API version {version}; deckgen needs "
                f"{API_VERSION}: update the add-on"
            )

    def _notes(self) -> list[int]:
        return [int(n) for n in self.client.call("findNotes", query=f"mid:{MODEL_ID}")]

    def _info(self, nids: Sequence[int]) -> list[dict[str, Any]]:
        info: list[dict[str, Any]] = []
        for start in range(0, len(nids), BATCH):
            info.extend(self.client.call("notesInfo", notes=list(nids[start : start + BATCH])))
        return [n for n in info if n]

    def existing(self, deck: Deck, record: Mapping[str, int]) -> dict[str, ExistingNote]:
        infos = self._info(self._notes())
        by_nid = {int(n["noteId"]): n for n in infos}
        guid_of = {nid: guid for guid, nid in record.items() if guid in deck.known}
        # Notes not in the record (imported by hand before the first sync): by their Text.
        by_text: dict[str, list[str]] = {}
        for card in deck.cards:
            by_text.setdefault(card.text, []).append(card.guid)
        claimed = set(guid_of.values())
        for nid, note in by_nid.items():
            if nid in guid_of:
                continue
            guids = by_text.get(_field(note, "Text"), [])
            if len(guids) == 1 and guids[0] not in claimed:
                guid_of[nid] = guids[0]
                claimed.add(guids[0])
        cards = [int(c) for nid in guid_of if nid in by_nid for c in by_nid[nid]["cards"]]
        suspended = dict(zip(cards, self.client.call("areSuspended", cards=cards), strict=True))
        texts = {card.guid: card for card in deck.cards}
        found: dict[str, ExistingNote] = {}
        for nid, guid in guid_of.items():
            info = by_nid.get(nid)
            if info is None:
                continue  # deleted in Anki
            own = tuple(int(c) for c in info["cards"])
            mod = info.get("mod")
            if not isinstance(mod, int):  # older add-on: tell unchanged notes by their fields
                built = texts.get(guid)
                same = built is not None and (
                    _field(info, "Text"),
                    _field(info, "Context"),
                    _field(info, "Source"),
                ) == (built.text, built.context, built.source)
                mod = deck.mods.get(guid, 0) if same else 0
            found[guid] = ExistingNote(
                nid,
                mod,
                tuple(info.get("tags", ())),
                own,
                tuple(bool(suspended.get(c)) for c in own),
                tuple(_field(info, name) for name in FIELDS),
            )
        self._ids = {guid: note.nid for guid, note in found.items()}
        return found

    def note_type_current(self) -> bool:
        if MODEL_NAME not in self.client.call("modelNames"):
            return False
        styling = self.client.call("modelStyling", modelName=MODEL_NAME)
        templates = self.client.call("modelTemplates", modelName=MODEL_NAME)
        return bool(
            styling.get("css") == CSS
            and list(templates) == ["Cloze"]
            and templates["Cloze"] == {"Front": FRONT, "Back": BACK}
        )

    def apply(self, deck: Deck, plan: Plan, steps: list[Step], done: list[str]) -> None:
        for step in steps:
            try:
                self._run(deck, step)
            except SyncError as err:
                raise type(err)(_stopped(str(err), done), done) from None
            done.append(step.description)

    def _run(self, deck: Deck, step: Step) -> None:
        call = self.client.call
        if step.kind == "import":
            assert deck.package is not None
            before = set(self._notes())
            if call("importPackage", path=str(deck.package.resolve())) is False:
                raise AnkiConnectError("AnkiConnect could not import the deck (no collection open)")
            self._learn_new_ids(deck, set(self._notes()) - before)
        elif step.kind == "tags":
            for tag, nids in step.tags.items():
                call("addTags", notes=list(nids), tags=tag)
        elif step.kind == "restore":
            call("unsuspend", cards=list(step.cards))
            call("removeTags", notes=list(step.notes), tags=REMOVED_TAG)
        elif step.kind == "suspend":
            call("suspend", cards=list(step.cards))
            call("addTags", notes=list(step.notes), tags=REMOVED_TAG)
        elif step.kind == "delete":
            call("deleteNotes", notes=list(step.notes))
            gone = set(step.notes)
            self._ids = {g: n for g, n in self._ids.items() if n not in gone}

    def _learn_new_ids(self, deck: Deck, new: set[int]) -> None:
        """The note ids Anki gave the notes just added: the package's own id when it was free
        (Anki keeps it), else the new note whose Text is the card's."""
        if not new:
            return
        unmatched = set(new)
        for nid, guid, _mod in package_notes(deck.package) if deck.package else []:
            if nid in unmatched and guid not in self._ids:
                self._ids[guid] = nid
                unmatched.discard(nid)
        if unmatched:
            by_text = {card.text: card.guid for card in deck.cards if card.guid not in self._ids}
            for note in self._info(sorted(unmatched)):
                matched = by_text.get(_field(note, "Text"))
                if matched is not None:
                    self._ids[matched] = int(note["noteId"])

    def note_ids(self) -> dict[str, int]:
        return dict(self._ids)


def _field(note: Mapping[str, Any], name: str) -> str:
    value = note.get("fields", {}).get(name, {})
    return str(value.get("value", "")) if isinstance(value, dict) else ""


def _stopped(message: str, done: Sequence[str]) -> str:
    if not done:
        return f"{message}; nothing was changed in Anki"
    return f"{message}; the sync stopped after these whole steps: " + "; ".join(done)
