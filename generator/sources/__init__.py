"""Stages 1 and 2 — sources: read each file and check it alone, keeping every position.

``load`` reads the YAML and Markdown files (national, then an edition's) with their line numbers
(``yamlpos``); ``validate`` checks each file against its model (``models/``: one typed declaration
per collection, from which the JSON Schemas of ``schemas`` are derived too), turning pydantic's
errors into problems (``pydantic_errors``, ``errors``: stable code, template, location). A file's
own content is checked here as well: markers in Markdown (``markers``), logos (``logo``), the
meaning of a criterion's rules (``rules``), and its compilation into the spec the engine runs
(``compile``: it needs only the models and the engine, and the later stages all use it).

May import: ``generator.engine`` (answer scales, the spec format), ``generator.fhir`` and the
shared modules ``generator.cache`` and ``generator.french``; nothing of a later stage.
"""
