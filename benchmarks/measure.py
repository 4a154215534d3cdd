"""Whole-process measurements: wall time and peak memory of one command run as users run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# A tiny parent that runs the command and reports its own child's time and peak RSS, so each
# measurement's peak memory is that command's alone.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"s": elapsed, "rss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
                  "rc": done.returncode, "err": done.stderr.decode()[-400:]}))
"""

CLI = [sys.executable, "-m", "translate_kit"]

LOOP = """
import frontmatter, pathlib, sys
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    frontmatter.load(p)
"""


def run(argv: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds (user + system, its children included) of
    ``argv`` as its own process (raises if it fails). On a shared machine the CPU figure is
    the steadier one."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], capture_output=True,
                          text=True, check=True, cwd=cwd)
    result = json.loads(done.stdout)
    if result["rc"] not in (0, 1):
        raise RuntimeError(f"{argv} exited {result['rc']}: {result['err']}")
    return float(result["s"]), int(result["rss_kb"]) / 1024, float(result["cpu"])


def frontmatter_loop(site: Path) -> tuple[float, float, float]:
    """A plain python-frontmatter loop over the site's Markdown files, as its own process."""
    return run([sys.executable, "-c", LOOP, str(site)])
