"""The build cache computes an entry once, even when parallel builds ask for it together.

« reperes build --all » builds the editions in parallel processes, and a test run builds mini sites
beside the shared ones: on a machine that never built the site, each used to pay the same quality-11
brotli passes (about 80 s of CPU) and the same snapshot.
"""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from generator.cache import once


def _ask(entry: str, log: str, start: float) -> bytes:
    def compute() -> bytes:
        with open(log, "a", encoding="utf-8") as out:
            out.write("computed\n")
        time.sleep(0.5)  # long enough for every other process to ask meanwhile
        return b"entry made once"

    time.sleep(max(0.0, start - time.time()))  # every process asks at the same moment
    return once(Path(entry), compute)


def test_parallel_processes_compute_an_entry_once(tmp_path):
    entry, log = tmp_path / "entry.br", tmp_path / "computed.log"
    start = time.time() + 0.3
    with multiprocessing.get_context("fork").Pool(4) as pool:
        got = pool.starmap(_ask, [(str(entry), str(log), start)] * 4)
    assert got == [b"entry made once"] * 4
    assert log.read_text(encoding="utf-8").splitlines() == ["computed"]
    assert entry.read_bytes() == b"entry made once"
    # Asked again: read, not computed.
    assert once(entry, lambda: b"never") == b"entry made once"
    assert log.read_text(encoding="utf-8").splitlines() == ["computed"]


def test_a_failed_computation_leaves_no_entry(tmp_path):
    entry = tmp_path / "entry.br"

    def broken() -> bytes:
        raise OSError("disque plein")

    try:
        once(entry, broken)
    except OSError:
        pass
    else:
        raise AssertionError("the error was swallowed")
    assert not entry.exists()
    assert once(entry, lambda: b"made") == b"made"
