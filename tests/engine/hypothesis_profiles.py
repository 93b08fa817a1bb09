"""Hypothesis profiles: « ci » (light, the default of every run) and « thorough » (a nightly run:
``pytest --hypothesis-profile=thorough``). No example database: a run leaves nothing behind.

Registered on import: by tests/conftest.py, and as a plugin (``-p hypothesis_profiles``) where the
engine's tests run alone, inside Pyodide (tests/engine/pyodide_runner.mjs). No conftest.py in tests/engine:
a second module named ``conftest`` would shadow tests/conftest.py for ``from conftest import …``.
"""
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
