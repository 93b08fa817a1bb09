"""Builds that clean up: staged out of the served folder, one at a time per output, leftovers of killed builds removed."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.site import staging
from mini_site import copy_of


def cli(mini: Path, out: Path, staging_root: Path) -> subprocess.Popen:
    env = {**os.environ, staging.ENV: str(staging_root)}
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "--project", str(mini), "build", "--out", str(out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=300)
    return process.returncode, err


def complete(site: Path) -> bool:
    """Every file the site's service worker lists is there: the site is whole, not half-written."""
    listed = re.findall(r'"\./([^"]*)":"[0-9a-f]{16}"', (site / "sw.js").read_text(encoding="utf-8"))
    return bool(listed) and all((site / (path or "index.html")).exists() if not path.endswith("/")
                                else (site / path / "index.html").exists() for path in listed)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "-new-" in p.name or "-old-" in p.name or p.name.endswith("-old"))


def test_killed_build_leaves_nothing_in_the_docroot_and_the_next_build_cleans_up(mini, mini_site, tmp_path):
    docroot, root = tmp_path / "www", tmp_path / "staging"
    out = copy_of(mini_site["site"], docroot / "site")  # what an earlier build published
    published = {p.relative_to(out) for p in out.rglob("*")}

    build = cli(mini, out, root)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(p.is_file() for d in root.glob("*-new-*") for p in d.rglob("*")):
        assert build.poll() is None, "the build ended before it could be killed"
        time.sleep(0.01)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert leftovers(root), "the killed build was expected to leave its staging folder"
    assert sorted(p.name for p in docroot.iterdir()) == ["site"]  # nothing in the docroot but the site
    assert {p.relative_to(out) for p in out.rglob("*")} == published and complete(out)
    (docroot / ".site-new-ab12cd").mkdir()  # what builds killed before staging existed left beside the site
    (docroot / ".site-new-ab12cd" / "index.html").write_text("ancien reste", encoding="utf-8")

    code, err = finished(cli(mini, out, root))
    assert code == 0, err
    assert leftovers(root) == [] and sorted(p.name for p in docroot.iterdir()) == ["site"]
    assert complete(out)


def waiting_on_a_lock(pid: int) -> bool:
    """The kernel lists ``pid`` among the processes blocked on a file lock (« -> » lines of /proc/locks)."""
    return any(line.split()[1] == "->" and str(pid) in line.split() for line in Path("/proc/locks").read_text().splitlines())


def test_a_build_waits_for_the_one_holding_the_output_and_says_so(mini, tmp_path):
    out, root = tmp_path / "www" / "site", tmp_path / "staging"
    os.environ[staging.ENV] = str(root)  # the lock this process takes is the one the command line takes
    try:
        with staging.locked(out):
            build = cli(mini, out, root)
            said = ""
            while "Une autre construction écrit déjà dans" not in said:  # it says it waits…
                line = build.stderr.readline()
                assert line, f"the build ended without saying it waits: {said}"
                said += line
            deadline = time.monotonic() + 60
            while not waiting_on_a_lock(build.pid):  # …and does: the kernel has it blocked on the output's lock
                assert build.poll() is None and time.monotonic() < deadline, "the build did not wait for the lock"
                time.sleep(0.05)
            assert not out.exists() and not list(root.glob("*-new-*"))
        code, err = finished(build)
    finally:
        del os.environ[staging.ENV]
    assert code == 0, err
    assert complete(out)


def test_two_concurrent_builds_into_one_output_always_leave_a_complete_site(mini, mini_site, tmp_path):
    out, root = copy_of(mini_site["site"], tmp_path / "www" / "site"), tmp_path / "staging"  # an earlier build
    seen, stop = [], threading.Event()

    def watch() -> None:  # what a visitor would get at any moment
        while not stop.is_set():
            try:
                seen.append(complete(out))
            except OSError:
                seen.append(False)
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = [finished(p) for p in [cli(mini, out, root), cli(mini, out, root)]]
    finally:
        stop.set()
        watcher.join()
    assert [code for code, _ in results] == [0, 0], results
    assert len(seen) > 100 and all(seen), f"{seen.count(False)} incomplete views of the published site"
    assert leftovers(root) == [] and sorted(p.name for p in out.parent.iterdir()) == ["site"]
