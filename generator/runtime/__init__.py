"""The calculators' runtime: what the browser runs the engine with, built once and published with each site.

``publish`` gathers the files a site serves (the pinned Pyodide files from node_modules, the engine
wheel of ``engine_wheel``, the worker ``engine-worker.mjs``) and ``snapshot`` makes, in Node
(``pyodide_build.mjs``), the trimmed standard library and the memory snapshot, verified case by
case against CPython. ``engine_glue`` is the worker's single entry point into the engine: it ships
in the wheel, so it imports the standard library and ``generator.engine`` only — and this file
ships as an empty ``__init__.py`` beside it.

The render stage calls ``publish``; this package knows nothing of sources beyond the compiled specs.
May import: ``generator.engine``, ``generator.sources.errors`` (a missing Pyodide is a build error),
the shared ``generator.cache``; nothing of editions, render or the site.
"""
