"""The engine ships to the browser: standard library only, nothing else from generator."""
import ast
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "generator" / "engine"
BANNED = {"yaml", "jinja2", "pydantic", "mkdocs"}


def forbidden_imports(source: str, package: str = "generator.engine") -> list[str]:
    """Imports in ``source`` (a module of ``package``) that the browser can't have."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                parts = package.split(".")
                if node.level > len(parts):
                    bad.append("." * node.level + (node.module or ""))
                    continue
                base = ".".join(parts[: len(parts) - node.level + 1])
                names = [f"{base}.{node.module}" if node.module else base]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if name == "generator.engine" or name.startswith("generator.engine."):
                continue
            if top in BANNED or top == "generator" or top not in sys.stdlib_module_names:
                bad.append(name)
    return bad


def engine_files():
    return sorted(ENGINE.glob("*.py"))


def test_engine_exists():
    assert {p.name for p in engine_files()} >= {"__init__.py", "answers.py", "logic.py", "score.py", "spec.py"}
    assert not [p for p in ENGINE.rglob("*.py") if p.parent != ENGINE], "the Pyodide loader copies one flat folder"


@pytest.mark.parametrize("path", engine_files(), ids=lambda p: p.name)
def test_engine_imports_only_the_standard_library(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source, expected", [
    ("import yaml", ["yaml"]),
    ("from jinja2 import Template", ["jinja2"]),
    ("import pydantic.fields", ["pydantic.fields"]),
    ("from mkdocs.config import x", ["mkdocs.config"]),
    ("import requests", ["requests"]),
    ("from generator.sources.models import criteria", ["generator.sources.models"]),
    ("import generator", ["generator"]),
    ("from .. import models", ["generator"]),
    ("from ..sources.models.criteria import Criterion", ["generator.sources.models.criteria"]),
    ("from ... import x", ["..."]),
    ("def f():\n    import yaml", ["yaml"]),
    ("import json, re\nfrom fractions import Fraction\nfrom . import logic\nfrom .spec import FORMAT\n"
     "import generator.engine.logic", []),
])
def test_the_import_check_can_fail(source, expected):
    assert forbidden_imports(source) == expected
