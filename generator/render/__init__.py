"""Stage 4 — render: from the resolved site, the Markdown pages, JSON exports and files MkDocs publishes.

``pages`` renders every collection (``Rendered``: what the site stage publishes) with the Jinja
``environment`` and its ``templates/``; ``calculator`` and ``prefill`` give a tool's form and
parameters, ``chooser`` the tools by use, ``render_edition`` an edition's « Écarts » page, notices
and contacts (the edition's pages are rendered here because they share these templates), ``exports``
the open data (api/, schemas/, fhir/), ``formatdoc`` the authors' format page. ``security`` is the
Content-Security-Policy: the embed pages rendered here carry their own, and the site's post-pass
adds it to every built page.

May import: ``generator.runtime`` (the calculators' files), ``generator.editions``,
``generator.sources``, ``generator.fhir``, ``generator.engine``, the shared ``generator.cache`` and
``generator.french``; nothing of the site stage.
"""
