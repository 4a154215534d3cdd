"""``engines``: what each engine can say about itself beyond the table — DeepL's usage for the
key in the environment, the pairs an Apertium server offers. Asked of the site's configured
engine options when run in a site (its url), else of the defaults; a failure is one line."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..config import CONFIG_NAME, load_config
from ..engines import Meter, get_spec
from ..errors import TranslateKitError

ASKED = ("deepl", "apertium")


def engine_notes(root: Path, environ: Mapping[str, str] | None = None,
                 timeout: float = 5.0) -> list[tuple[str, str]]:
    """(engine, line) for the engines that can report usage or pairs here."""
    env = os.environ if environ is None else environ
    options: dict[str, str] = {}
    configured = None
    if (root / CONFIG_NAME).is_file():
        try:
            config = load_config(root)
            configured, options = config.engine, dict(config.engine_options)
        except TranslateKitError:
            pass  # `engines` still lists what it can; `status` names the config's problems
    notes = []
    for name in ASKED:
        spec = get_spec(name)
        if spec.missing_keys(env):
            continue
        try:
            engine = spec.create(options if name == configured else {}, env)
            notes += [(name, line) for line in engine.about(Meter(timeout))]
        except TranslateKitError as exc:
            notes.append((name, f"not available: {exc.message}"))
    return notes
