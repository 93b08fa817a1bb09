"""Benchmark of the site search (figures printed; not a test): Repères' French engine against mkdocs-material's
own search worker (lunr with lunr.fr), on the same documents of a built site, in one Node process.

Printed, for each engine: the query benchmark's score (tests/data/search_queries.yml: an expected page among
the first three results, as tests/test_search_browser.py checks in Chromium, and among the first one), the
time to build the index (what the search worker does at each full page load) and per query, as CPU time
(steadier than wall time on a shared machine) and wall time, medians and worst cases; the bytes a visitor
downloads (search/search_index.json and the worker, raw and brotli). Rounds alternate the engines, so a
noisy neighbour weighs on both. The theme's engine is measured as the theme ships it; ``--theme-extension``
appends a file to its lunr.fr first (Repères' former French extension, from git history:
``git show 3177f44:generator/site/search_fr.js > /tmp/search_fr.js``).

Usage: .venv/bin/reperes build && .venv/bin/python benchmarks/search_bench.py [--site site] [--rounds 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

import brotli
import material
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
ENGINE = ROOT / "generator" / "site" / "search_engine.js"
THEME_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def sizes(*paths: Path) -> str:
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(brotli.compress(p.read_bytes())) for p in paths)
    return f"{raw / 1024:7.0f} KB ({packed / 1024:5.0f} KB brotli)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--theme-extension", type=Path, help="a file appended to the theme's lunr.fr.min.js")
    args = parser.parse_args()
    index_file = args.site / "search" / "search_index.json"
    if not index_file.is_file():
        print(f"{index_file} absent : construisez d'abord le site (.venv/bin/reperes build)")
        return 1
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    worker = next((THEME_JS / "workers").glob("search.*.min.js"))
    keep = json.loads(index_file.read_text(encoding="utf-8"))["config"]["reperes"]["keep"]
    job = {"engine": str(ENGINE), "index": str(index_file), "queries": queries, "rounds": args.rounds,
           "theme": {"workers": str(worker.parent), "worker": worker.name, "keep": keep,
                     "extension": str(args.theme_extension.resolve()) if args.theme_extension else None}}
    run = subprocess.run(["node", str(Path(__file__).with_suffix(".mjs"))], input=json.dumps(job),
                         capture_output=True, text=True, check=True)
    out = json.loads(run.stdout)
    ours = next((args.site / "assets" / "javascripts" / "workers").glob("search.reperes-*.min.js"))
    lunr = THEME_JS / "lunr" / "min"
    downloads = {"reperes": sizes(index_file, ours),
                 "theme": f"{sizes(index_file, worker, lunr / 'lunr.stemmer.support.min.js', lunr / 'lunr.fr.min.js')}"
                          " (the same index)"}
    print(f"{len(queries)} queries, {args.rounds} rounds, site {args.site}")
    for name, label in (("reperes", "Repères (search_engine.js)"), ("theme", "mkdocs-material (lunr, lunr.fr)"
                                                                   + (" + extension" if args.theme_extension else ""))):
        figures = out[name]
        top3 = sum(bool(set(pages) & set(q["expected"])) for pages, q in zip(figures["pages"], queries))
        top1 = sum(bool(pages[:1] and pages[0] in q["expected"]) for pages, q in zip(figures["pages"], queries))
        setup_cpu = statistics.median(s["cpu"] for s in figures["setup"])
        setup_wall = statistics.median(s["wall"] for s in figures["setup"])
        print(f"\n{label}")
        print(f"  score: {top3}/{len(queries)} expected page in the first three, {top1}/{len(queries)} first")
        print(f"  index build: {setup_cpu:.0f} ms CPU, {setup_wall:.0f} ms wall (median of {args.rounds})")
        print(f"  query: median {statistics.median(figures['query_cpu']):.1f} ms CPU, worst {max(figures['query_cpu']):.1f} ms;"
              f" wall median {statistics.median(figures['query_wall']):.1f} ms, worst {max(figures['query_wall']):.1f} ms")
        print(f"  download: {downloads[name]}")
        missed = [f"« {q['query']} » → {pages}" for pages, q in zip(figures["pages"], queries)
                  if not set(pages) & set(q["expected"])]
        for line in missed:
            print(f"    missed {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
