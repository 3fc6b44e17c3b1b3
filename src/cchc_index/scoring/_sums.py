"""A parent's figures from its children's: their sum, rescaled when some leaves were not
assigned, capped where the decree's own figures disagree; then bonus and penalty nodes.
"""

from __future__ import annotations

from decimal import Decimal

from ..language.model import Adjust, Ruleset
from ..language.trace import RawStep, Step
from ..numbers import format_plain, plain
from ._plan import Plan
from ._records import Figures, RawTrace
from ._states import _MISSING, _NOT_APPLICABLE, Flags

__all__ = ["Combining"]

_ZERO = Decimal(0)


def _plain(value: Decimal) -> Decimal:
    """:func:`plain`, at once for a zero (a sum of nothing pending, nothing lost)."""
    if not value and not value.is_signed():
        return _ZERO  # however written
    return plain(value)


_EMPTY_SUM: RawTrace = ("sum", False, (("sum", _ZERO, None),))


class Combining:
    """A parent's figures from its children's: sums, rescaling, the decree's caps, adjustments."""

    plan: Plan
    figures: list[Figures]
    ruleset: Ruleset

    def rounded(self, value: Decimal) -> Decimal:
        """``value`` rounded by the rule set's policy; at once for a zero, as often."""
        if not value and not value.is_signed():
            return _ZERO  # a zero, however written, rounds to 0
        return self.plan.round(value)

    def combine(
        self,
        figures: tuple[Figures, ...],
        maximum: Decimal,
        *,
        nominal: Decimal,
        defers: bool = False,
        region: tuple[tuple[int, int], ...] = (),
    ) -> tuple[Decimal, Decimal, Decimal, Decimal, RawTrace, Flags]:
        """A parent's (max, points, pending, lost, trace) from its children, and their flags.

        Their sum; or, when some leaves below were not assigned and left the maximum,
        the rest scaled up to ``maximum`` (or, when a rescale scope above takes them
        over, the sum with this node's max reduced by what left); or nothing at all when
        every child left. ``figures`` are the children's records, ``nominal`` what their
        maxima add up to (``maximum`` unless the decree's figures disagree), ``region``
        the nodes whose leaving the trace names. The flags (:data:`Flags`) are what the
        parent's status and estimate need of the children.
        """
        if figures:
            maxima, points_, pending_, lost_, statuses, marks, _, _ = zip(*figures, strict=True)
        else:
            maxima = points_ = pending_ = lost_ = statuses = marks = ()
        count = len(statuses)
        left_out = statuses.count(_NOT_APPLICABLE)
        flags = (
            left_out == count,
            left_out + statuses.count(_MISSING) == count,
            any(marks),
        )
        points = _plain(sum(points_, _ZERO))
        pending = _plain(sum(pending_, _ZERO))
        remaining = sum(maxima, _ZERO)
        if not remaining:
            # Nothing left to score: a node whose children were not assigned is not
            # assigned either, and leaves its own parent's maximum in turn.
            if left_out:
                flags = (True, flags[1], flags[2])
            return _ZERO, _ZERO, _ZERO, _ZERO, _EMPTY_SUM, flags
        summed: RawStep = ("sum", points, None)
        if remaining == nominal:
            if nominal == maximum:
                lost = _plain(sum(lost_, _ZERO))
                return maximum, points, pending, lost, ("sum", False, (summed,)), flags
            # The decree's own figures disagree (acknowledged): its maximum stands.
            return (*self.settle(maximum, remaining, points, pending, (summed,)), flags)
        left = self.left(region)
        if defers:
            # A scope above rescales: this node only gives up the maxima that left.
            reduced = min(maximum, remaining + max(maximum - nominal, _ZERO))
            steps: tuple[RawStep, ...] = (
                summed,
                ("left_out", nominal - remaining, f"without {left}"),
            )
            return (*self.settle(reduced, remaining, points, pending, steps), flags)
        # Some leaves were not assigned: the rest are scaled up to this node's max (to
        # what the decree's children add up to, where that is less).
        # Potential is rounded once and split, so that rounding points and pending
        # separately can never move potential (or lost) by a whole step.
        # Multiplying before dividing keeps exact cases exact (0.83 × 100 / 0.83 is 100).
        target = min(maximum, nominal)
        factor = target / remaining
        potential = min(self.rounded((points + pending) * target / remaining), target)
        scaled_points = min(self.rounded(points * target / remaining), potential)
        scaled_pending = plain(potential - scaled_points)
        lost = plain(maximum - potential)
        steps = (summed, ("rescale", factor, f"without {left}"))
        if target < maximum:  # what the decree's children add up to is all they can give
            steps = (*steps, ("shortfall", maximum - target, format_plain(nominal)))
        return maximum, scaled_points, scaled_pending, lost, ("rescale", False, steps), flags

    def left(self, region: tuple[tuple[int, int], ...]) -> str:
        """The codes of the nodes of ``region`` that left the maximum, topmost only.

        ``region`` pairs each node with its parent, ``-1`` for the scoring node's children.
        """
        codes, figures = self.plan.codes, self.figures
        return ", ".join(
            codes[k]
            for k, above in region
            if figures[k][4] is _NOT_APPLICABLE
            and figures[k][0] == 0
            and (above < 0 or figures[above][0] != 0)
        )

    def settle(
        self,
        maximum: Decimal,
        basis: Decimal,
        points: Decimal,
        pending: Decimal,
        steps: tuple[RawStep, ...],
    ) -> tuple[Decimal, Decimal, Decimal, Decimal, RawTrace]:
        """A parent whose children are worth ``basis`` in all, against its own ``maximum``.

        Less: the difference can never be obtained and counts as lost (a ``shortfall``
        step). More: the points are capped at the maximum (a ``decree_cap`` step).
        """
        if basis < maximum:
            steps = (*steps, ("shortfall", maximum - basis, format_plain(basis)))
        elif basis > maximum:
            capped = min(points, maximum)
            if capped != points or pending > maximum - capped:
                steps = (*steps, ("decree_cap", points + pending, format_plain(maximum)))
            points, pending = capped, min(pending, maximum - capped)
        lost = _plain(maximum - points - pending)
        return maximum, points, pending, lost, ("sum", False, steps)

    def adjust(
        self,
        maximum: Decimal,
        points: Decimal,
        pending: Decimal,
        steps: tuple[Step | RawStep, ...],
    ) -> tuple[Decimal, Decimal, Decimal, tuple[Step | RawStep, ...]]:
        """Bonus and penalty nodes move the total, which stays within ``[0, max]``."""
        taken: list[Step | RawStep] = list(steps)
        moved = points
        codes, figures = self.plan.codes, self.figures
        for i in self.plan.adjustments:
            code = codes[i]
            kind = self.ruleset.criteria[code].adjust
            sign = 1 if kind is Adjust.BONUS else -1
            moved += sign * figures[i][1]
            taken.append((str(kind), figures[i][1], code))
        total = min(max(moved, _ZERO), maximum)
        if total != moved:
            taken.append(("cap", moved, f"0 … {format_plain(maximum)}"))
        total = plain(total)
        pending = min(pending, maximum - total)
        return total, pending, plain(maximum - total - pending), tuple(taken)
