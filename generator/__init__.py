"""Repères: YAML and Markdown sources → validated model → MkDocs-Material site.

The pipeline has one module per stage: ``load`` → ``validate`` → ``resolve`` →
``render`` → ``write``; ``build.build()`` calls them in that order.
"""
