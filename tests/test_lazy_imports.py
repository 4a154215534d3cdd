"""A pre-commit hook and CI call the CLI: `--help` and a warm `status` must not pay for the
engines, the Markdown parser, the QA checks or rich tables they do not use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import episode, french, make_site

HEAVY = ("markdown_it", "translate_kit.segment", "translate_kit.qa", "translate_kit.engines",
         "deep_translator", "requests", "rich.table")
PROBE = """
import json, sys
from translate_kit.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr)
"""


def loaded(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
                          capture_output=True, text=True, check=True)
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_and_a_warm_status_load_nothing_heavy(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    assert loaded("--help") == []
    loaded("status", "--format", "json", str(site))  # cold: reads the pages
    assert loaded("status", "--format", "json", str(site)) == []
    assert "rich.table" in loaded("status", str(site))  # a table when one is drawn
