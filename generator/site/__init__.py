"""Stage 5 — site: what render produced becomes the built site, written only once everything succeeded.

``docs_tree`` writes the whole site as a plain MkDocs project; ``write`` builds it with MkDocs in a
staging folder (``staging``: lock, leftovers, atomic swap), then the ``postpass`` finishes the HTML
(an edition's words, French spacing with ``htmltext``, the engine boot tag, the CSP), ``search``
rebuilds the index and adds French search (``search_fr.js``), ``offline`` writes the service
worker (``sw.js``) and ``compress`` the .br/.gz files. ``archive`` makes the --zip and the hosting
files, ``serve`` previews a built site.

May import every stage below: ``generator.render``, ``generator.runtime``, ``generator.editions``,
``generator.sources``, ``generator.fhir``, ``generator.engine``, the shared ``generator.cache`` and
``generator.french``. Only ``generator.build``, the CLI and the MkDocs plugin import it.
"""
