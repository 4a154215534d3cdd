"""A local DeepL-API-compatible server for tests (127.0.0.1 only).

It refuses the retired legacy authentication (``auth_key`` in the query string or the form)
with DeepL's 403 message, checks ``Authorization: DeepL-Auth-Key KEY``, translates with
``tag_handling=xml`` (text outside tags upper-cased, tags kept, ``ignore_tags`` contents kept,
glossary entries applied as written), and serves glossaries (create, list, delete), target
languages and usage. ``queue`` scripts failures: "429", "500", "456", "400", "broken-tags".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from local_server import Reply, Seen, Server

LEGACY = ("Legacy authentication method 'query parameter' is no longer supported. Please use "
          "the Authorization header instead.")
TARGETS = ["BG", "DE", "EN-GB", "EN-US", "ES", "FR", "IT", "JA", "NL", "PL", "PT-BR", "PT-PT"]
_TAG = re.compile(r"(<[^>]+>)")


@dataclass
class DeepLScript:
    key: str = "test-key:fx"
    queue: list[str] = field(default_factory=list)
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    translate_bodies: list[dict[str, Any]] = field(default_factory=list)
    characters: int = 0
    made: int = 0
    refuse_glossaries: bool = False
    """Answer glossary creation with DeepL's 400 for an unsupported language pair."""


def _entries(tsv: str) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in tsv.splitlines() if "\t" in line)


def translate_xml(text: str, ignore: set[str], glossary: dict[str, str], target: str) -> str:
    """Outside tags: glossary sources become their renderings, other words upper-cased."""
    out, skipping = [], 0
    for part in _TAG.split(text):
        if _TAG.fullmatch(part):
            name = re.match(r"</?\s*(\w+)", part)
            if name and name.group(1) in ignore and not part.endswith("/>"):
                skipping += -1 if part.startswith("</") else 1
            out.append(part)
        elif skipping:
            out.append(part)
        else:
            pattern = "|".join(re.escape(s) for s in sorted(glossary, key=len, reverse=True))
            pieces = re.split(f"({pattern})", part) if pattern else [part]
            out.append("".join(glossary.get(p, p.upper()) for p in pieces))
    return "".join(out) + f" [{target.lower()}]"


class DeepLServer(Server):
    def __init__(self, script: DeepLScript | None = None):
        self.script = script or DeepLScript()
        super().__init__(self.answer)

    def answer(self, seen: Seen) -> Reply:
        form = seen.body if isinstance(seen.body, dict) else {}
        if "auth_key" in seen.query or "auth_key" in form:
            return Reply(403, {"message": LEGACY})
        if seen.headers.get("Authorization") != f"DeepL-Auth-Key {self.script.key}":
            return Reply(403, {"message": "Wrong endpoint or key"})
        if seen.path == "/v2/translate":
            return self._translate(form)
        if seen.path.startswith("/v2/glossaries"):
            return self._glossaries(seen, form)
        if seen.path == "/v2/languages":
            return Reply(200, [{"language": c, "name": c, "supports_formality": True}
                               for c in TARGETS])
        if seen.path == "/v2/usage":
            return Reply(200, {"character_count": self.script.characters,
                               "character_limit": 500000})
        return Reply(404, {"message": "Not found"})

    def _translate(self, body: dict[str, Any]) -> Reply:
        if self.script.queue:
            action = self.script.queue.pop(0)
            if action != "broken-tags":
                return Reply(int(action), {"message": f"scripted {action}"})
        else:
            action = "ok"
        self.script.translate_bodies.append(body)
        texts = body.get("text", [])
        self.script.characters += sum(len(t) for t in texts)
        glossary = self.script.glossaries.get(body.get("glossary_id", ""), {}).get(
            "entries", {})
        ignore = set(body.get("ignore_tags", []))
        out = [translate_xml(t, ignore, glossary, body["target_lang"]) for t in texts]
        if action == "broken-tags":
            out = [re.sub(r'<x i="(\d+)"/>', r"<x i=\1>", t) for t in out]
        return Reply(200, {"translations": [
            {"detected_source_language": "EN", "text": t, "billed_characters": len(s)}
            for t, s in zip(out, texts, strict=True)]})

    def _glossaries(self, seen: Seen, body: dict[str, Any]) -> Reply:
        if seen.method == "POST" and self.script.refuse_glossaries:
            return Reply(400, {"message": "Unsupported glossary language pair"})
        if seen.method == "POST":
            self.script.made += 1
            gid = f"g{self.script.made}"
            entries = _entries(body["entries"])
            self.script.glossaries[gid] = {
                "glossary_id": gid, "name": body["name"], "ready": True,
                "source_lang": body["source_lang"].lower(),
                "target_lang": body["target_lang"].lower(),
                "creation_time": "2026-12-01T10:00:00.000Z", "entry_count": len(entries),
                "entries": entries}
            return Reply(201, _info(self.script.glossaries[gid]))
        if seen.method == "DELETE":
            self.script.glossaries.pop(seen.path.rsplit("/", 1)[1], None)
            return Reply(204, None)
        return Reply(200, {"glossaries": [_info(g) for g in self.script.glossaries.values()]})


def _info(glossary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in glossary.items() if k != "entries"}
