"""« mkdocs serve » rebuilds when a YAML source changes (authors see their edit without restarting)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_reloads_when_a_yaml_file_changes(mini):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=mini,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/programmes/prog-un/"
    try:
        assert wait_for(lambda: "Un programme qui aide les médecins" in (fetch(url) or ""), 60), "serve never answered"
        source = mini / "content/programmes/p.yml"
        source.write_text(source.read_text(encoding="utf-8").replace("Un programme qui aide les médecins.",
                                                                     "Un programme modifié pendant le service."),
                          encoding="utf-8")
        assert wait_for(lambda: "Un programme modifié pendant le service" in (fetch(url) or ""), 60), "no rebuild"
    finally:
        server.terminate()
        server.wait(timeout=20)
