"""Drafting a rule file from a decision's own appendix: ``cc.draft_ruleset(text_or_path, id=…)``.

A province's decision carries its scoring table in an appendix: codes, names,
maxima and the way each criterion is scored (cách chấm). :func:`draft_ruleset` reads
that table from Word (``pip install "cchc-index[docx]"``), Markdown or plain text,
writes a rule file with the decree's tree and figures, a rule for every leaf whose
text is one of the common shapes and ``manual`` for the rest, and checks it at once.
Its :class:`DraftReport` says, criterion by criterion, what was read and what needs
a person.
"""

from __future__ import annotations

from .drafting import draft_ruleset
from .reading import DocxUnavailableError, Row, Sheet, read_sheet
from .report import Draft, DraftedNode, DraftReport
from .shapes import InputDraft, Shape, recognise
from .table import Entry, Unplaced, place

__all__ = [
    "DocxUnavailableError",
    "Draft",
    "DraftReport",
    "DraftedNode",
    "Entry",
    "InputDraft",
    "Row",
    "Shape",
    "Sheet",
    "Unplaced",
    "draft_ruleset",
    "place",
    "read_sheet",
    "recognise",
]
