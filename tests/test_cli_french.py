"""The command line speaks French, argparse's own messages included (help, usage, errors)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENGLISH = ["usage:", "show this help", "positional arguments", "error:", "the following arguments",
           "unrecognized arguments", "invalid choice", "expected one argument"]


def reperes(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=60)


def assert_french(text: str) -> None:
    assert text.strip()
    for phrase in ENGLISH:
        assert phrase not in text, f"« {phrase} » in: {text}"


def test_help_is_in_french():
    run = reperes("--help")
    assert run.returncode == 0
    assert_french(run.stdout)
    assert run.stdout.startswith("utilisation : reperes")
    assert "afficher cette aide et quitter" in run.stdout
    assert "options :" in run.stdout and "commandes :" in run.stdout
    for verb in ("build", "check"):
        assert verb in run.stdout


def test_every_subcommand_help_is_in_french():
    from generator.cli import COMMANDS

    assert {c.name for c in COMMANDS} >= {"build", "check"}
    for cmd in COMMANDS:
        run = reperes(cmd.name, "--help")
        assert run.returncode == 0, cmd.name
        assert_french(run.stdout)
        assert f"utilisation : reperes {cmd.name}" in run.stdout


def test_argparse_errors_are_in_french():
    cases = {(): "arguments obligatoires manquants", ("build", "--zut"): "arguments non reconnus : --zut",
             ("inconnue",): "choix invalide : « inconnue »", ("--project",): "une valeur est attendue"}
    for args, expected in cases.items():
        run = reperes(*args)
        assert run.returncode == 2, args
        assert_french(run.stderr)
        assert "reperes : erreur : " in run.stderr and expected in run.stderr, run.stderr
