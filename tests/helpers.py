"""Test helpers: a small site builder and episode texts of our own (never the real sample's)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

# TK_CORPUS points a worktree that is not beside ../shared at the sample.
CORPUS = Path(os.environ.get("TK_CORPUS")
              or Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "edt")

LAYOUT = {"source": "episodes/{number}/en.md", "variants": "episodes/{number}/{lang}.md"}

BODY = """\
<div>
{% include player.html id="ep{n}" title="#{n} {title}" %}
</div>

## Why lighthouses still matter

Coastal towns kept their lamps burning long after radio arrived. Keepers wrote logs
that tell us how the weather changed, season after season.

Our guest explains why the **old records** are now read by [climate researchers](https://example.org/logs).

- fog horns and their codes
- the keeper's daily routine

<details>
<summary> Podcast Transcript </summary>

<p>Welcome back to the show.</p>

</details>
"""


def episode(n: int, language: str | None = "en", title: str = "Lighthouse Keepers",
            body: str | None = None, **fields: object) -> str:
    """An episode page of our own, in the shape real podcast sites use."""
    number = n
    meta: dict[str, object] = {
        "layout": "posts", "title": title, "number": number,
        "permalink": f"episode-{number}" + ("" if language in ("en", None) else f"-{language}"),
        "lang": language, "tags": ["history", "sea"], "date": "2024-03-13T07:00:00.000Z",
        "guests": ["Ada Marin"], "summary": f"{title}: a conversation about coastal history.",
        "video": f"https://video.example/{number}",
    }
    meta.update(fields)
    meta = {k: v for k, v in meta.items() if v is not None}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    text = body if body is not None else BODY.replace("{n}", str(number)).replace(
        "{title}", title)
    return f"---\n{front}---\n\n{text}"


FRENCH_BODY = """\
<div>
{% include player.html id="ep{n}" title="#{n} Lighthouse Keepers" %}
</div>

## Pourquoi les phares comptent encore

Les villes côtières ont gardé leurs lampes allumées longtemps après l'arrivée de la radio.
Les gardiens tenaient des journaux qui racontent le temps, saison après saison.

Notre invitée explique pourquoi les **vieux registres** sont lus par des [chercheurs du climat](https://example.org/logs).

- les cornes de brume et leurs codes
- la routine quotidienne du gardien

<details>
<summary> Transcription du podcast </summary>

<p>Bon retour dans l'émission.</p>

</details>
"""


def french(n: int, **fields: object) -> str:
    fields.setdefault("title", "Les gardiens de phare")
    return episode(n, "fr", body=FRENCH_BODY.replace("{n}", str(n)), **fields)


def make_site(tmp_path: Path, files: dict[str, str | bytes], config: dict[str, object] | None
              = None, languages: tuple[str, ...] = ("fr", "de")) -> Path:
    """A site folder with ``files`` (text or bytes) and a translate-kit.yaml."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    conf: dict[str, object] = {"source_lang": "en", "languages": list(languages),
                               "layout": dict(LAYOUT)}
    conf.update(config or {})
    (site / "translate-kit.yaml").write_text(yaml.safe_dump(conf, sort_keys=False), "utf-8")
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8", newline="")
    return site
