"""The shipped criteria, compiled exactly as the site publishes them (api/criteria/<id>.json)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from generator.build import prepare

REPO = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def published() -> dict[str, dict]:
    import json

    rendered = prepare(REPO)
    return {uri.rsplit("/", 1)[-1][:-5]: json.loads(content) for uri, content in rendered.files.items()
            if uri.startswith("api/criteria/")}
