"""Transform the visible text of HTML, never its tags, attributes, scripts or code: the French spacing of the
post-pass. Both live in generator/french.py, below the render stage, whose embed pages get the same spacing."""
from __future__ import annotations

from ..french import french_spacing, map_text

__all__ = ["french_spacing", "map_text"]
