"""The sentences of an explanation: each step of a trace, why points were lost, what comes next.

:class:`_Words` builds them on the figures :class:`_TraceFigures` reads and
writes: a message per step, the one-line reason a report writes after each lost
point, and what the rule gives next when the rules are at hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..i18n import N_, Message, msg
from ..kinds.bands import Bands
from ..kinds.check import Check
from ..kinds.deduct import Deduct
from ..kinds.levels import Levels
from ..kinds.linear import Linear
from ..kinds.per_item import PerItem
from ..language.trace import Step
from ..numbers import plain
from ..scoring.result import Status
from ._explain_figures import _HUNDRED, _TraceFigures
from ._shown_values import day, near, percent, quantity

#: A linear step's detail: ``zero 0, full 100, points 9.2``.
_LINEAR = re.compile(r"zero (\S+), full (\S+), points (\S+)")


class _Words(_TraceFigures):
    """The words of one node's trace; the rule set (if any) names inputs and gives next steps."""

    # -- the steps ------------------------------------------------------------------

    def steps(self) -> Iterable[Message]:
        for step in self.trace.steps:
            yield self.step(step)

    def step(self, step: Step) -> Message:
        what, value, detail = step.what, step.value, step.detail
        source = self.metric_source()
        zero = Decimal(0)
        if what == "metric" and value is not None:
            if detail is not None and detail in self.used:
                return self.figure(self.used[detail])
            return msg("{source} = {value}", source=detail or "", value=self.value(value, detail))
        if what == "band":
            return msg(
                "in the band {band}, which gives {points}",
                band=self.band(detail, source),
                points=quantity(value or zero),
            )
        if what == "no_band":
            return msg("in no band: 0 points")
        if what == "linear" and value is not None:
            parsed = _LINEAR.fullmatch(detail or "")
            if parsed is None:
                return msg("{share} of the full points", share=percent(plain(value * _HUNDRED)))
            low, high, top = (Decimal(g) for g in parsed.groups())
            return msg(
                "{share} of the way from {zero} to {full}: that share of {top}",
                share=percent(plain(value * _HUNDRED)),
                zero=self.bound(low, source),
                full=self.bound(high, source),
                top=quantity(plain(top)),
            )
        if what == "items":
            counted = value or zero
            if detail in self.used:
                counted_text: object = self.figure(self.used[detail or ""])
            else:
                counted_text = counted
            if self.trace.kind == "deduct":
                return msg("occurrences: {count}", count=counted_text)
            return msg("items: {count}", count=counted_text)
        if what == "per_item":
            return msg("{value} per item", value=quantity(value or zero))
        if what == "cap":
            return msg("capped at {value}", value=quantity(value or zero))
        if what == "deduction":
            return msg("{value} taken off the maximum", value=quantity(value or zero))
        if what == "level":
            return msg(
                "level “{level}”: {share} of the maximum",
                level=detail or "",
                share=percent(plain((value or zero) * _HUNDRED)),
            )
        if what == "check":
            met = detail == "yes"
            return (
                msg("condition met: {points}", points=quantity(value or zero))
                if met
                else msg("condition not met: 0 points")
            )
        if what == "formula":
            return msg("the formula {formula} gives {value}", formula=detail or "", value=value)
        if what == "manual":
            return msg("{value} given by the assessor", value=quantity(value or zero))
        if what == "clamp":
            return msg(
                "{value} brought back within {range}", value=value or zero, range=detail or ""
            )
        if what == "rounding":
            return msg("rounded from {value} ({policy})", value=value or zero, policy=detail or "")
        if what == "sum":
            return msg("the sum of its criteria: {value}", value=quantity(value or zero))
        if what == "rescale":
            return msg(
                "scaled up by {factor} because {codes} do not apply",
                factor=near(value or zero, []),
                codes=(detail or "").removeprefix("without "),
            )
        if what in ("bonus", "penalty"):
            template = (
                N_("a bonus of {value} ({code})")
                if what == "bonus"
                else N_("a penalty of {value} ({code})")
            )
            return msg(template, value=quantity(value or zero), code=detail or "")
        if what == "not_due":
            return msg("no figures yet: not yet due (deadline {day})", day=self.due_word())
        if what == "missing":
            return msg("no figures given, and the deadline {day} has passed", day=self.due_word())
        if what == "province":
            return msg("no points yet: the province assesses this criterion")
        if what == "not_applicable_when":
            return msg("{condition} holds", condition=detail or "")
        if what == "left_out":
            return msg(
                "{value} of its maximum left with {codes}, which do not apply (rescaled above)",
                value=quantity(value or zero),
                codes=(detail or "").removeprefix("without "),
            )
        if what == "shortfall":
            return msg(
                "the decree's criteria add up to {basis}: {value} of the maximum cannot be "
                "obtained",
                basis=detail or "",
                value=quantity(value or zero),
            )
        if what == "decree_cap":
            return msg(
                "the decree's criteria add up to more than its maximum: capped at {max}",
                max=detail or "",
            )
        if what == "not_applicable":
            if detail == "rescale":
                return msg("does not apply: left out of the maximum, the other criteria rescaled")
            return msg("does not apply: full points (nothing arose)")
        if what == "group_needed":
            return msg("scored with the group")
        if what in ("mean", "median"):
            statistic = msg("the group's mean") if what == "mean" else msg("the group's median")
            return msg(
                "{statistic}: {value}",
                statistic=statistic,
                value=self.value(value or zero, source),
            )
        if what == "rank":
            return msg("rank {rank} in the group ({detail})", rank=value or zero, detail=detail)
        return msg("{what}: {value} {detail}", what=what, value=value or "", detail=detail or "")

    def due_word(self) -> object:
        due = self.due
        return "" if due is None else day(due)

    # -- the one-line reason --------------------------------------------------------

    def reason(self) -> Message | None:
        """Why points were not obtained, in one line; ``None`` when none were lost or pending."""
        node = self.node
        if node.status is Status.NOT_APPLICABLE or not (node.lost or node.pending):
            return None
        if node.children:
            return self._parent_reason()
        found = self._leaf_reason()
        # An estimated figure says so itself; a criterion marked as an estimate is said here.
        marked = node.estimated and not any(u.estimated for u in self.trace.used)
        return msg("{reason} (estimate)", reason=found) if marked else found

    def _parent_reason(self) -> Message:
        node = self.node
        if node.pending and not node.lost:
            return msg("{pending} not yet due", pending=quantity(node.pending))
        if node.lost and not node.pending:
            return msg("{lost} lost", lost=quantity(node.lost))
        return msg(
            "{lost} lost, {pending} not yet due", lost=quantity(node.lost), pending=node.pending
        )

    def _leaf_reason(self) -> Message:
        node, trace = self.node, self.trace
        if node.status is Status.NOT_DUE:
            if trace.step("group_needed") is not None:
                return msg("scored with the group")
            if trace.step("province") is not None:
                return msg("awaits the province's assessment")
            return msg("not yet due (deadline {day})", day=self.due_word())
        if node.status is Status.MISSING:
            return msg("figures not given by the deadline {day}", day=self.due_word())
        kind = trace.kind
        source = self.metric_source()
        if kind == "bands":
            band = trace.step("band")
            if band is None:
                return msg("{figure}: in no band", figure=self.metric())
            return msg(
                "{figure}, in the band {band}",
                figure=self.metric(),
                band=self.band(band.detail, source),
            )
        if kind == "check":
            if not trace.used:
                return msg("condition not met")
            return _joined(self.figure(u) for u in trace.used)
        if kind == "linear":
            return msg(
                "{figure}, scored {share} of the full points",
                figure=self.metric(),
                share=percent(plain(self.number("linear") * _HUNDRED)),
            )
        if kind == "per_item":
            return msg(
                "{figure}, {per} each",
                figure=self._counted(),
                per=quantity(self.number("per_item")),
            )
        if kind == "deduct":
            return msg(
                "{figure}, {taken} taken off",
                figure=self._counted(),
                taken=quantity(self.number("deduction", node.lost)),
            )
        if kind == "levels":
            share = self.number("level")
            figure: object = _joined(self.figure(u) for u in trace.used) if trace.used else ""
            return msg(
                "{figure}, worth {share} of the maximum",
                figure=figure,
                share=percent(plain(share * _HUNDRED)),
            )
        if kind == "relative":
            checked = trace.step("check")
            met = checked is not None and checked.detail == "yes"
            return msg(
                "{figure}: {compared}",
                figure=self.metric(),
                compared=msg("better than the group") if met else msg("behind the group"),
            )
        return msg("{points} of {max}", points=node.points, max=quantity(node.max))

    def _counted(self) -> object:
        items = self.trace.step("items")
        if items is not None and items.detail in self.used:
            return self.figure(self.used[items.detail or ""])
        return items.value if items is not None else ""

    # -- the next step up -----------------------------------------------------------

    def next_step(self) -> Message | None:
        """What the rule gives next, for a leaf that lost points (``None`` when unknown)."""
        node, rule = self.node, self.rule
        if rule is None or not node.lost or node.status in (Status.MISSING, Status.NOT_DUE):
            return None
        source = self.metric_source()
        if isinstance(rule, Bands):
            above = [b for b in rule.bands if b.points > node.points]
            if not above:
                return None
            best = min(above, key=lambda b: b.points)
            return msg(
                "the band {band} gives {points}",
                band=self.interval(best, source),
                points=quantity(best.points),
            )
        if isinstance(rule, Levels):
            higher = sorted(
                (share, level)
                for level, share in rule.shares.items()
                if share * node.max > node.points
            )
            if not higher:
                return None
            share, level = higher[0]
            return msg(
                "the level “{level}” gives {points}",
                level=level,
                points=quantity(plain(share * node.max)),
            )
        if isinstance(rule, PerItem):
            cap = node.max if rule.cap is None else rule.cap
            return msg(
                "each further item gives {per}, up to {cap}",
                per=quantity(rule.per_item),
                cap=cap,
            )
        if isinstance(rule, Deduct):
            return msg("each occurrence fewer gives back {per}", per=quantity(rule.per))
        if isinstance(rule, Check):
            top = node.max if rule.points is None else rule.points
            return msg("met, it gives {points}", points=quantity(top))
        if isinstance(rule, Linear):
            return msg("full points at {full}", full=self.bound(rule.full, rule.source.text))
        return None


def _joined(parts: Iterable[Message]) -> Message:
    """Messages shown one after the other, separated by semicolons."""
    found: Sequence[Message] = list(parts)
    if len(found) == 1:
        return found[0]
    joined = found[0]
    for part in found[1:]:
        joined = msg("{first}; {second}", first=joined, second=part)
    return joined
