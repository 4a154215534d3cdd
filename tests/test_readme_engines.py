"""The README's engines table says what the engines package says (`translate-kit engines`)."""

from __future__ import annotations

import re
from pathlib import Path

from translate_kit.engines import REGISTRY

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_engines_table_matches_the_registry() -> None:
    text = README.read_text("utf-8")
    section = text[text.index("### Engines and keys"):]
    section = section[:section.index("\n\n", section.index("| engine |"))]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| `([a-z]+)`[^|]*\|(.*)", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    assert sorted(rows) == sorted(REGISTRY)  # no retired engine (chatgpt), none missing
    for name, spec in REGISTRY.items():
        needs, options, limit = rows[name][:3]
        assert re.findall(r"`([A-Z_]+)`", needs) == [*spec.keys, *spec.optional_keys], name
        assert re.findall(r"`([a-z_]+)[`=]", options) == list(spec.options), name
        assert limit.split()[0] == f"{spec.max_chars:,}", name
