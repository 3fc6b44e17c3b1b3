"""A rule-set diff as text: one line per change, grouped by what changed."""

from __future__ import annotations

from decimal import Decimal

from ..diff import SECTIONS, Change, ChangeKind, RulesetDiff, describe
from . import _words as words

__all__ = ["render_diff"]

_HEADINGS = {
    "vi": {
        "ruleset": "Bộ tiêu chí:",
        "criteria": "Tiêu chí:",
        "inputs": "Đầu vào:",
        "constraints": "Ràng buộc:",
    },
    "en": {
        "ruleset": "Rule set:",
        "criteria": "Criteria:",
        "inputs": "Inputs:",
        "constraints": "Constraints:",
    },
}
_SUMMARY = {
    "vi": ("{a} → {b}: {count} thay đổi", "{a} → {b}: không có thay đổi"),
    "en": ("{a} → {b}: {count} {changes}", "{a} → {b}: no changes"),
}
_ADDED = (ChangeKind.ADDED, ChangeKind.INPUT_ADDED, ChangeKind.CONSTRAINT_ADDED)
_REMOVED = (ChangeKind.REMOVED, ChangeKind.INPUT_REMOVED, ChangeKind.CONSTRAINT_REMOVED)


def _mark(change: Change) -> str:
    """``+`` added, ``-`` removed, ``~`` changed, as in a diff of files."""
    if change.kind in _ADDED:
        return "+"
    return "-" if change.kind in _REMOVED else "~"


def render_diff(found: RulesetDiff, *, locale: str = "vi") -> str:
    """The changes from ``found.a`` to ``found.b``, grouped: header, criteria, inputs, constraints.

    Each line reads ``~ 3.4.1 re-weighted: 4 → 5``: a mark (``+`` added, ``-``
    removed, ``~`` changed), the code or name, and what changed, with numbers
    written the locale's way (Vietnamese by default).
    """
    lang = words.language(locale)
    with_changes, without = _SUMMARY[lang]
    if not found:
        return without.format(a=found.a, b=found.b) + "\n"
    count = len(found.changes)
    lines = [
        with_changes.format(
            a=found.a,
            b=found.b,
            count=words.number(Decimal(count), lang),
            changes="change" if count == 1 else "changes",
        )
    ]
    for section in SECTIONS:
        group = [c for c in found.changes if c.kind.section == section]
        if group:
            lines.append(_HEADINGS[lang][section])
            lines.extend(f"  {_mark(c)} {c.code} {describe(c, lang)}" for c in group)
    return "\n".join(lines) + "\n"
