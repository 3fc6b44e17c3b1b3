"""Renderers: a :class:`~cchc_index.Result` in, text out. They never compute a score."""

from __future__ import annotations

from .check import render_check
from .diff import render_diff
from .ranking import ranking_csv, ranking_rows, render_ranking
from .text import render_discrepancies, render_text

__all__ = [
    "ranking_csv",
    "ranking_rows",
    "render_check",
    "render_diff",
    "render_discrepancies",
    "render_ranking",
    "render_text",
]
