"""States and time: a leaf waiting for its figures is pending until its deadline and
missing after it; a parent's status follows from its children's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..language.trace import InputValue
from ._plan import PlanNode, Year
from ._records import Figures
from .status import Status

__all__ = ["Flags", "Waiting", "status_of"]

_ZERO = Decimal(0)


#: What a parent's status needs of its children: whether all do not apply, whether all
#: that apply are missing, and whether any is an estimate.
Flags = tuple[bool, bool, bool]
_NOT_APPLICABLE = Status.NOT_APPLICABLE
_MISSING = Status.MISSING
_NOT_DUE = Status.NOT_DUE
_ACHIEVED = Status.ACHIEVED
_PARTIAL = Status.PARTIAL
_FAILED = Status.FAILED


_GROUP_NEEDED = "scored with the group (evaluate_many)"
_PROVINCE_NEEDED = "assessed by the province"


def status_of(
    flags: Flags, points: Decimal, pending: Decimal, lost: Decimal, maximum: Decimal
) -> Status:
    """A parent's status from its children's flags (see :meth:`Scorer.combine`) and sums."""
    all_na, all_missing, _ = flags
    if all_na:
        return Status.NOT_APPLICABLE
    if not lost and not pending:  # both 0
        return Status.ACHIEVED
    if pending == maximum:
        return Status.NOT_DUE
    if all_missing:
        return Status.MISSING
    if not points and not pending:
        return Status.FAILED
    return Status.PARTIAL


class Waiting:
    """The records of leaves that do not score (yet): waiting for figures, or failed."""

    values: Mapping[str, InputValue]
    kept: list[bool]
    year: Year
    figures: list[Figures]

    def waiting(self, i: int, node: PlanNode, step: str, detail: str, estimated: bool) -> None:
        """A leaf without a score yet: pending before its deadline, missing after.

        When the unit gives none of the leaf's inputs, its record is the same for every
        unit, so it is made once.
        """
        values = self.values
        fixed = type(estimated) is bool and values.keys().isdisjoint(node.shown)
        key = (i, step, estimated)
        if fixed:
            self.kept[i] = True
            found = self.year.fixed.get(key)
            if found is not None:
                self.figures[i] = found
                return
        pending = step != "missing"
        maximum = node.max
        record = self.figures[i] = (
            maximum,
            _ZERO,
            maximum if pending else _ZERO,
            _ZERO if pending else maximum,
            _NOT_DUE if pending else _MISSING,
            estimated,
            (node.kind, True, ((step, None, detail),)),
            [None],
        )
        if fixed:
            self.year.fixed[key] = record

    def failed(self, i: int, node: PlanNode) -> None:
        """A leaf whose rule could not score (its error is in the log and will be raised)."""
        self.figures[i] = (
            node.max,
            _ZERO,
            _ZERO,
            node.max,
            _FAILED,
            False,
            (node.kind, False, ()),
            [None],
        )
