"""Renderers: a :class:`~cchc_index.Result` (or a report built from one) in, text out.

They never compute a score. A result renders as plain text, Markdown, one
self-contained HTML page or CSV; a mid-year report (:func:`cchc_index.report`)
as plain text, Markdown or HTML, all three from one layout; so are a province's
overview of its units and the comparison of two batches or two rule sets.
"""

from __future__ import annotations

from .check import render_check
from .csv import csv_rows, render_csv
from .diff import render_diff
from .html import render_html, render_report_html
from .markdown import render_markdown, render_report_markdown
from .overview import (
    render_comparison_html,
    render_comparison_markdown,
    render_comparison_text,
    render_overview_html,
    render_overview_markdown,
    render_overview_text,
)
from .plain import render_explanation, render_report_text
from .ranking import ranking_csv, ranking_rows, render_ranking
from .text import render_discrepancies, render_text

__all__ = [
    "csv_rows",
    "ranking_csv",
    "ranking_rows",
    "render_check",
    "render_comparison_html",
    "render_comparison_markdown",
    "render_comparison_text",
    "render_csv",
    "render_diff",
    "render_discrepancies",
    "render_explanation",
    "render_html",
    "render_markdown",
    "render_overview_html",
    "render_overview_markdown",
    "render_overview_text",
    "render_ranking",
    "render_report_html",
    "render_report_markdown",
    "render_report_text",
    "render_text",
]
