"""Repères: YAML and Markdown sources → validated model → MkDocs-Material site.

A straight pipeline, one package per stage, each importing only the stages below it
(``[tool.importlinter]`` in pyproject.toml states it; tests/test_code_quality.py runs it):

    cli, plugin       the command line, the MkDocs plugin (mkdocs serve)
    build             the pipeline: load → validate → resolve → render → write
    site/             5. docs tree, MkDocs, post-pass, search, offline, compression
    render/           4. Markdown pages, calculators, exports
    runtime/          the calculators' Pyodide files, engine wheel and snapshot (render publishes them)
    editions/         3. merge an edition, drift, cross-file checks (resolve)
    sources/          1–2. load and validate each file against its model
    cache, french     shared by several stages; they import nothing of the generator
    fhir/             FHIR R4 Questionnaire from a compiled spec
    engine/           the engine shipped to the browser: standard library only

``build.build()`` calls the stages in that order.
"""
