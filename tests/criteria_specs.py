"""The real project rendered once per test session, and its criteria compiled exactly as the site
publishes them (api/criteria/<id>.json)."""
from __future__ import annotations

import json
from functools import lru_cache

from generator.build import prepare
from helpers import REPO


@lru_cache(maxsize=1)
def rendered():
    """What ``prepare`` gives for the real project (pages, files): read-only, shared by the tests."""
    return prepare(REPO)


@lru_cache(maxsize=1)
def published() -> dict[str, dict]:
    return {uri.rsplit("/", 1)[-1][:-5]: json.loads(content) for uri, content in rendered().files.items()
            if uri.startswith("api/criteria/")}
