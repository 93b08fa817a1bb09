"""Stage 3 — editions (resolve): the merged project, checked as a whole, and what an edition changes.

``merge`` lays an edition over the national sources and lists every difference (``Change``), rules and
thresholds compared as the engine sees them (``rulediff``, ``rulephrase``); ``terminology`` is the
edition's vocabulary; ``drift`` records the national version each override was written against and
says what changed since; ``checks`` resolves every reference, link and marker of the merged
``project``; ``resolve`` runs them all and gathers every problem of the run. ``links`` says where each
record and page is published (merge and checks name pages; render and the site print the links).
``scaffold`` writes a new edition folder (« reperes edition new ») and records a reviewed one
(« reperes edition accept »).

The edition's own pages (« Écarts », notices, contacts) are rendered with the site's templates: they
are in ``generator/render/render_edition.py``, not here.

May import: ``generator.sources``, ``generator.engine``, the shared ``generator.french``; nothing of
render, runtime or the site.
"""
