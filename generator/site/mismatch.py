"""The post-pass's one way to fail: a step that does not find the theme's file or pattern stops the build.

Every step of the site's finishing that looks for a file or a pattern of the theme (generator/site/postpass.py,
the backends, search.py) raises ``theme-mismatch`` naming the step and what it looked for when it is absent: a
new theme release that renames a file fails the build instead of publishing a site without French search or
without an edition's words. Its own module: the backends and search (which the docs tree imports) both use it.
"""
from __future__ import annotations

from typing import NoReturn

from ..sources.errors import SourcesInvalid, ThemeMismatch

SETUP = "bash scripts/setup.sh"  # installs the pinned versions (pyproject.toml) of both generators


def mismatch(step: str, where: str, problem: str) -> NoReturn:
    """A post-pass step did not find what it looks for: the build fails, naming the step and the file."""
    raise SourcesInvalid([ThemeMismatch.at(where, None, step=step, problem=(
        f"{problem} ; le thème ou le générateur de site n'est pas la version prévue par pyproject.toml : "
        f"réinstallez-la avec « {SETUP} », ou adaptez cette étape à la nouvelle version"))])
