"""fhirpath.js (HL7's FHIRPath, npm ``fhirpath``) from Python: one Node process per test session.

fhirpathpy is about seven times slower, so the exhaustive FHIRPath tests run here; fhirpathpy still runs
the worked examples and the negative controls, and a test checks that both give the same results.
The process reads one JSON batch per line (see tests/fhirpath_runner.mjs) and ends with the session.
"""
from __future__ import annotations

import atexit
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).with_name("fhirpath_runner.mjs")
PACKAGE = ROOT / "node_modules" / "fhirpath" / "package.json"
BATCH = 1000  # responses per line: small enough for the pipes, large enough to amortise the round trip

_process: subprocess.Popen | None = None


def fhirpath_js_missing() -> str | None:
    """Why fhirpath.js can't be run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not PACKAGE.is_file():
        return "node_modules/fhirpath is missing (run npm ci)"
    return None


def _runner() -> subprocess.Popen:
    global _process
    if _process is None or _process.poll() is not None:
        _process = subprocess.Popen(["node", str(RUNNER)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    text=True, encoding="utf-8")
        atexit.register(_stop, _process)
    return _process


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.stdin.close()  # the runner ends at the end of its input
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def evaluate_all(questionnaire: dict, variables: list[tuple[str, str]], calculated: dict[str, str],
                 enable: dict[str, str], responses: list[dict]) -> list[dict]:
    """For each response: {"env": {variable: value}, "values": {linkId: value}, "enable": {linkId: value}}."""
    process = _runner()
    out: list[dict] = []
    for start in range(0, len(responses), BATCH):
        request = {"questionnaire": questionnaire, "variables": variables, "calculated": calculated,
                   "enable": enable, "responses": responses[start:start + BATCH]}
        process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"fhirpath_runner.mjs stopped (exit code {process.wait()})")
        reply = json.loads(line)
        if isinstance(reply, dict):
            raise RuntimeError(f"fhirpath.js: {reply['error']}")
        out += reply
    return out
