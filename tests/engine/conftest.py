"""The engine's tests need the engine and their test tools only: they also run inside Pyodide
(tests/test_engine_in_pyodide.py), where this folder is the whole test tree."""
import hypothesis_profiles  # noqa: F401  (registers « ci » and « thorough »)
