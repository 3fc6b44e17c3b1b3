"""A rule-set diff as text: one line per change, grouped by what changed."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import N_, gettext, language, msg
from ..rulefiles.diff import SECTIONS, Change, ChangeKind, RulesetDiff, describe

__all__ = ["render_diff"]

_HEADINGS = {
    "ruleset": N_("Rule set:"),
    "criteria": N_("Criteria:"),
    "inputs": N_("Inputs:"),
    "constraints": N_("Constraints:"),
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
    lang = language(locale)
    if not found:
        return msg("{a} → {b}: no changes", a=found.a, b=found.b).text(lang) + "\n"
    count = len(found.changes)
    template = N_("{a} → {b}: {count} change") if count == 1 else N_("{a} → {b}: {count} changes")
    lines = [msg(template, a=found.a, b=found.b, count=Decimal(count)).text(lang)]
    for section in SECTIONS:
        group = [c for c in found.changes if c.kind.section == section]
        if group:
            lines.append(gettext(_HEADINGS[section], lang))
            lines.extend(f"  {_mark(c)} {c.code} {describe(c, lang)}" for c in group)
    return "\n".join(lines) + "\n"
