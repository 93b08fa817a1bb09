"""The command line works where it is run: from an agency's folder, outside the national repository.

- Every command, run from a folder that is not a project, with or without --project, ends with a French
  message and its exit code, never an internal error; ``check`` in an empty folder exits 1.
- Every next step the CLI prints (« Vérifiez-la : … », « Pour le consulter : … »…) is run as printed, from
  where it was printed, and works.
- The agency's command sequence of docs/edition.md is run as printed, from a foreign folder.
- ``reperes serve`` says nothing when a browser drops a connection.

The programme is the virtual environment's ``reperes`` script, called as an agency calls it (its full path;
the environment's bin/ is not on the PATH); the national project is a copy of the mini fixture.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.cache import cache_dir
from helpers import MINI, REPO

REPERES = Path(sys.executable).parent / "reperes"  # the console script beside this Python (scripts/setup.sh)
GUIDE = (REPO / "docs" / "edition.md").read_text(encoding="utf-8")
ENGLISH = ["Traceback", "erreur interne", "usage:", "error:", "Error", "No such file"]


CACHE = cache_dir("x").parent  # the machine's build cache, kept when HOME changes (a snapshot takes minutes to make)


def agency_env(home: Path) -> dict[str, str]:
    """An agency's shell: its own home, the virtual environment not activated, no REPERES_PROJECT."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != REPERES.parent)
    env = {k: v for k, v in os.environ.items() if k not in ("REPERES_PROJECT", "VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "HOME": str(home), "PATH": path, "REPERES_CACHE": str(CACHE)}


def shell(command: str, cwd: Path, home: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """``command`` as a user types it in bash, in ``cwd``."""
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=agency_env(home), capture_output=True, text=True,
                          timeout=timeout)


def reperes(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPERES), *args], cwd=cwd, env=agency_env(home), capture_output=True, text=True,
                          timeout=600)


def printed(output: str, before: str, after: str = "$") -> str:
    """The command printed between ``before`` and ``after`` on one line of ``output``."""
    found = re.search(rf"{re.escape(before)}(.+?){after}", output, re.M)
    assert found, f"« {before} » not printed in:\n{output}"
    return found.group(1)


def codes(stderr: str) -> list[str]:
    return re.findall(r"^[^\n]*?: ([a-z]+(?:-[a-z]+)+): ", stderr, re.M)


def assert_clean(run: subprocess.CompletedProcess, what: str) -> None:
    for text in (run.stdout, run.stderr):
        for word in ENGLISH:
            assert word not in text, f"{what}: « {word} » in:\n{text}"


@pytest.fixture
def places(tmp_path) -> dict[str, Path]:
    """home/ (the agency's home folder), home/agence/ (its empty folder), national/ (the project)."""
    home = tmp_path / "home"
    (home / "agence").mkdir(parents=True)
    national = tmp_path / "national"
    shutil.copytree(MINI, national)
    return {"home": home, "agence": home / "agence", "national": national}


def test_the_programme_is_installed():
    assert REPERES.is_file(), "scripts/setup.sh installs the « reperes » script in .venv/bin/"


# (arguments, exit code, codes printed); run in order, in one empty foreign folder.
WITHOUT_PROJECT = [
    (["check"], 1, ["project-not-found"]),
    (["check", "--edition", "ailleurs"], 1, ["project-not-found"]),
    (["build"], 1, ["project-not-found"]),
    (["build", "--all"], 1, ["project-not-found"]),
    (["build", "--docs-tree", "arbre"], 1, ["project-not-found"]),
    (["edition", "new", "mon-edition"], 1, ["project-not-found"]),
    (["edition", "accept", "mon-edition"], 1, ["project-not-found"]),
    (["serve"], 1, []),
    (["--project", ".", "check"], 1, ["not-a-project"]),
    (["schemas", "--out", "schemas"], 0, []),
    (["schemas", "--out", "schemas/edition.schema.json/x"], 1, []),  # the system refuses: said in French, exit 1
]
# With --project: plain builds are run by the next-step and guide tests below.
WITH_PROJECT = [
    (["check"], 0, []),
    (["check", "--edition", "ailleurs"], 1, ["missing-file"]),
    (["edition", "accept", "ailleurs"], 1, ["missing-file"]),
    (["build", "--docs-tree", "arbre"], 0, []),
    (["build", "--all"], 0, []),
    (["edition", "new", "mon-edition"], 0, []),
    (["edition", "new", "mon-edition"], 1, []),  # it exists now: refused, with what to do
]


def test_no_command_ends_in_an_internal_error_from_a_foreign_folder(places, monkeypatch, capsys):
    """Run by main() in this process, from the foreign folder (the subprocess route, the programme's own name and
    the agency's environment are the next tests' business)."""
    from generator.cli import main

    monkeypatch.chdir(places["agence"])
    monkeypatch.setenv("HOME", str(places["home"]))
    monkeypatch.setenv("REPERES_CACHE", str(CACHE))
    monkeypatch.delenv("REPERES_PROJECT", raising=False)

    def run(args: list[str]) -> subprocess.CompletedProcess:
        returned = main(args)
        return subprocess.CompletedProcess(args, returned, *capsys.readouterr())

    for args, status, expected in WITHOUT_PROJECT:
        done = run(args)
        assert done.returncode == status, (args, done.stdout, done.stderr)
        assert codes(done.stderr) == expected, (args, done.stderr)
        assert_clean(done, " ".join(args))
        if status:
            assert done.stderr.strip(), args  # a failure always says why
    assert sorted(p.name for p in places["agence"].iterdir()) == ["schemas"]  # nothing else was written
    for args, status, expected in WITH_PROJECT:
        done = run(["--project", str(places["national"]), *args])
        assert done.returncode == status, (args, done.stdout, done.stderr)
        assert codes(done.stderr) == expected, (args, done.stderr)
        assert_clean(done, " ".join(args))


def test_check_in_an_empty_folder_is_an_error(places):
    run = reperes("check", cwd=places["agence"], home=places["home"])
    assert run.returncode == 1 and codes(run.stderr) == ["project-not-found"]
    assert "Sources valides" not in run.stdout
    assert "--project" in run.stderr and "REPERES_PROJECT" in run.stderr  # how to say where the project is


def serve_as_printed(command: str, cwd: Path, home: Path) -> None:
    """Run a printed « reperes serve … » until it serves; if its port is taken, run the command its message
    prints instead (itself a next step); the home page must answer."""
    for _ in range(5):
        process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=cwd, env=agency_env(home), text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            line = process.stdout.readline() if process.stdout else ""
            served = re.search(r"servi sur (http://localhost:\d+/)", line)
            if served:
                with urllib.request.urlopen(served.group(1), timeout=30) as response:
                    assert response.status == 200
                return
            err = process.communicate(timeout=30)[1]
            assert process.returncode == 1 and "indisponible" in err, (command, line, err)
            command = printed(err, "par ex. ")
        finally:
            if process.poll() is None:
                os.killpg(process.pid, 15)
                process.wait(timeout=20)
    raise AssertionError("no free port among the five suggested")


def test_every_printed_next_step_works_as_printed_where_it_was_printed(places):
    agence, home = places["agence"], places["home"]
    run = reperes("--project", str(places["national"]), "edition", "new", "dac-sud", cwd=agence, home=home)
    assert run.returncode == 0, run.stderr
    check, build = printed(run.stdout, "Vérifiez-la : "), printed(run.stdout, "Puis construisez-la : ")
    assert "--project" not in check + build  # the edition knows its national project (« national: »)
    for step in (check, build):
        done = shell(step, agence, home)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
        assert_clean(done, step)
    serve_as_printed(printed(done.stdout, "Pour le consulter : ", ", puis http"), agence, home)
    published = (agence / printed(done.stdout, "Site construit dans ", r"\. Pour") / "api/ecarts.json").read_text(encoding="utf-8")
    value = re.search(r'^national: "(.+)"$', (agence / "dac-sud/edition.yml").read_text(encoding="utf-8"), re.M)
    assert value and (agence / "dac-sud" / value.group(1)).resolve() == places["national"].resolve()
    assert '"national":' not in published and value.group(1) not in published  # a path on this disk: never published
    # Inside the edition's folder: check and build need no --edition; the missing site's hint is a build that works.
    edition = agence / "dac-sud"
    assert shell(check.replace("--edition dac-sud", ""), edition, home).returncode == 0
    missing = shell(f"{check.split(' check')[0]} serve ../apercu", edition, home)
    assert missing.returncode == 1
    hint = shell(printed(missing.stderr, "construisez-le d'abord : "), edition, home)
    assert hint.returncode == 0, hint.stderr
    # The docs tree's next step is MkDocs, run as printed.
    tree = shell(f"{check.split(' check')[0]} build --edition dac-sud --docs-tree arbre", agence, home)
    assert tree.returncode == 0, tree.stderr
    mkdocs = printed(tree.stdout, "Pour la construire sans Repères : ", r" \(le site")
    built = shell(mkdocs, agence, home)
    assert built.returncode == 0, (mkdocs, built.stderr)


def test_the_agency_sequence_of_the_edition_guide_runs_as_printed(tmp_path):
    """docs/edition.md's first block, run line by line as printed, with ~/reperes a national project whose
    .venv is this one."""
    block = re.search(r"^```bash\n(.*?)^```", GUIDE, re.M | re.S)
    assert block, "docs/edition.md opens with the agency's command sequence"
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert lines[0].startswith("R=") and lines[-1].startswith("$R serve"), lines
    home = tmp_path / "home"
    shutil.copytree(MINI, home / "reperes")
    (home / "reperes" / ".venv").symlink_to(REPERES.parent.parent)
    script = "set -euo pipefail\n" + "\n".join(lines[:-1]) + "\n"
    run = shell(script, tmp_path, home)
    assert run.returncode == 0, (run.stdout, run.stderr)
    assert_clean(run, "docs/edition.md")
    agence = home / "agence"
    assert (agence / "public" / "index.html").is_file() and (agence / "mon-edition" / "edition.yml").is_file()
    serve_as_printed(lines[-1].replace("$R", str(home / "reperes/.venv/bin/reperes")), agence, home)


def test_serve_is_silent_when_a_browser_drops_a_connection(mini_site, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    big = next(p for p in sorted(mini_site["site"].rglob("*.wasm")))
    process = subprocess.Popen([str(REPERES), "serve", str(mini_site["site"]), "--port", str(port)], text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=agency_env(tmp_path))
    try:
        assert process.stdout and "servi sur" in process.stdout.readline()
        for _ in range(5):  # a browser that leaves mid-download (a tab closed, a page changed)
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(f"GET /{big.relative_to(mini_site['site']).as_posix()} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                client.recv(1024)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # closed with a reset
        time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200  # still serving
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err, err
