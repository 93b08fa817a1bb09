"""Stage 5 — site: what render produced becomes the built site, written only once everything succeeded.

``docs_tree`` writes the whole site as a plain MkDocs project; ``write`` builds it with a site generator
(``backend``: ``backend_mkdocs`` by default, ``backend_zensical``) in a
staging folder (``staging``: lock, leftovers, atomic swap), then the ``postpass`` finishes the HTML
(an edition's words, French spacing with ``htmltext``, the engine boot tag, the CSP; a step that misses
the theme's file or pattern fails by name, ``mismatch``), ``search`` builds the search data from the final
HTML and puts Repères' French engine (``search_engine.js``) in place of the theme's search worker, with the
theme's adapter (``search_material.js``, ``search_zensical.js``), ``offline`` writes the service
worker (``sw.js``) and ``compress`` the .br/.gz files. ``archive`` makes the --zip and the hosting
files, ``serve`` previews a built site.

May import every stage below: ``generator.render``, ``generator.runtime``, ``generator.editions``,
``generator.sources``, ``generator.fhir``, ``generator.engine``, the shared ``generator.cache`` and
``generator.french``. Only ``generator.build``, the CLI and the MkDocs plugin import it.
"""

# The site generators « reperes build --backend » accepts (generator/site/backend.py), the default first.
# Here, not in backend.py: the command line reads them without loading MkDocs.
BACKENDS = ("mkdocs", "zensical")
DEFAULT_BACKEND = BACKENDS[0]
