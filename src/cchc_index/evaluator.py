"""Scoring a unit: checked data in, a :class:`Result` tree out. Nothing here formats text.

Leaves are scored by their rule; a leaf without the values its rule needs is
``not_due`` while ``as_of`` is before its deadline (its points are pending) and
``missing`` after it (its points are lost). Parents sum their children, or rescale
them when a child that was not assigned (``not_applicable = "rescale"``) leaves
the maximum. Bonus and penalty nodes then move the total within ``[0, max]``.

Each assessment layer present in the data (self-assessment, appraisal, …) is
scored on everything known once it is laid down; the last is the result, and
the earlier ones stay reachable through :attr:`Result.layers`.
"""

from __future__ import annotations

import decimal
import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from attrs import evolve

from .data import Statements, UnitData, read_unit
from .errors import ExpressionError, InputError, Location, Problem, ProblemLog
from .expressions import Namespace
from .grades import grade
from .kinds import ScoringContext
from .model import Adjust, Criterion, NotApplicable, Ruleset
from .numbers import CONTEXT, Rounding, format_plain, plain
from .result import NodeResult, Result, Scored, Status
from .trace import Step, Trace

__all__ = ["Group", "as_of_day", "evaluate", "score_unit"]

_ZERO = Decimal(0)

#: What a group-relative criterion compares with, by criterion code: the group's
#: statistic itself, or every unit's value (from which mean, median and rank follow).
Group = Mapping[str, Decimal | Sequence[Decimal]]


def evaluate(
    ruleset: Ruleset,
    data: Mapping[str, Any] | str | os.PathLike[str],
    *,
    as_of: date | None = None,
    group: Group | None = None,
) -> Result:
    """Score one unit's ``data`` (a mapping, or a TOML/JSON file) against ``ruleset``.

    ``as_of`` is the day the score is taken; it decides which criteria are not yet
    due. It defaults to the data's own ``as_of``, then to the period's last day.
    The period (the year assessed) is the data's ``period``, else the rule set's year.
    ``group`` gives group-relative criteria what they compare with (see
    :func:`cchc_index.evaluate_many`, which computes it); without it they stay pending.
    Problems in the data raise :class:`InputError`, all of them at once.
    """
    if not isinstance(ruleset, Ruleset):
        raise InputError(
            Problem(
                en=f"evaluate() needs a Ruleset (from load_ruleset), not {type(ruleset).__name__}",
                vi=f"evaluate() cần một Ruleset (từ load_ruleset), không phải "
                f"{type(ruleset).__name__}",
            )
        )
    return score_unit(ruleset, read_unit(ruleset, data), as_of=as_of_day(as_of), group=group)


def as_of_day(as_of: object) -> date | None:
    """A day given as ``as_of``: a date (a datetime counts as its date) or ``None``."""
    if isinstance(as_of, datetime):
        return as_of.date()
    if as_of is None or isinstance(as_of, date):
        return as_of
    raise InputError(
        Problem(
            where=Location(key="as_of"),
            en=f"as_of must be a date, not {as_of!r}",
            vi=f"as_of phải là ngày, không phải {as_of!r}",
        )
    )


def score_unit(
    ruleset: Ruleset, unit: UnitData, *, as_of: date | None = None, group: Group | None = None
) -> Result:
    """Score checked data, layer by layer; the last layer's result holds the others."""
    # The period is said by the data, else it is the rule set's year: guessing it
    # from as_of would put a January appraisal of last year in the wrong year.
    period = unit.period or ruleset.year
    when = as_of or unit.as_of or date(period, 12, 31)
    results = [
        _Scorer(ruleset, unit, known, period, when, group or {}).result()
        for known in unit.cumulative()
    ]
    final = results[-1]
    if len(results) > 1:
        final = evolve(final, earlier={r.layer: r for r in results[:-1]})
    return final


class _Scorer:
    """Scores one layer of one unit bottom-up, collecting any expression failures."""

    def __init__(
        self,
        ruleset: Ruleset,
        unit: UnitData,
        known: Statements,
        period: int,
        as_of: date,
        group: Group,
    ) -> None:
        self.ruleset = ruleset
        self.unit = unit
        self.known = known
        self.period = period
        self.as_of = as_of
        self.group = group
        self.round: Rounding = ruleset.rounding
        self.namespace = Namespace(known.inputs, where=Location(file=unit.source))
        self.log = ProblemLog(file=unit.source)
        self.results: dict[str, NodeResult] = {}
        self.deadlines = ruleset.deadlines(period)

    def result(self) -> Result:
        ruleset = self.ruleset
        with decimal.localcontext(CONTEXT):
            fields = [self.node(ruleset.criteria[code]) for code in ruleset.fields]
            adjustments = [self.node(ruleset.criteria[code]) for code in ruleset.adjustments]
            self.log.raise_if_any(ExpressionError)
            maximum, points, pending, lost, trace = self.combine(fields, ruleset.max)
            if adjustments:
                points, pending, lost, trace = self.adjust(
                    adjustments, maximum, points, pending, trace
                )
            index = self.round(points / maximum * 100) if maximum else _ZERO
        ordered = {code: self.results[code] for code in ruleset.criteria if code in self.results}
        result = Result(
            ruleset=ruleset.id,
            title=ruleset.title,
            unit=self.unit.unit,
            as_of=self.as_of,
            period=self.period,
            layer=self.known.layer,
            max=maximum,
            points=points,
            pending=pending,
            lost=lost,
            index=index,
            status=_parent_status(fields, points, pending, lost, maximum),
            estimated=any(f.estimated for f in fields),
            trace=trace,
            nodes=ordered,
            context=Scored(ruleset=ruleset, known=self.known, group=self.group),
        )
        try:
            return evolve(result, grade=grade(result, ruleset))
        except ExpressionError as exc:
            self.log.extend(exc.problems)
            self.log.raise_if_any(ExpressionError)
            raise  # pragma: no cover - raise_if_any always raises here

    def node(self, node: Criterion) -> NodeResult:
        if node.is_leaf:
            result = self.leaf(node)
        else:
            kids = [self.node(self.ruleset.criteria[c]) for c in node.children]
            maximum, points, pending, lost, trace = self.combine(kids, node.max)
            result = self.make(
                node,
                max=maximum,
                points=points,
                pending=pending,
                lost=lost,
                status=_parent_status(kids, points, pending, lost, maximum),
                trace=trace,
                estimated=any(k.estimated for k in kids),
            )
        self.results[node.code] = result
        return result

    def make(self, node: Criterion, **values: Any) -> NodeResult:
        return NodeResult(
            code=node.code,
            name=node.name,
            name_en=node.name_en,
            responsible=node.responsible,
            due=self.deadlines[node.code] if node.due is not None else None,
            assessor=node.assessor.value,
            children=node.children,
            defined_in=node.defined_in,
            **values,
        )

    def leaf(self, node: Criterion) -> NodeResult:
        known, rule = self.known, node.rule
        assert rule is not None  # the loader guarantees a rule on every leaf
        if known.is_not_applicable(node.code):
            full = node.not_applicable is NotApplicable.FULL
            return self.make(
                node,
                max=node.max if full else _ZERO,
                points=node.max if full else _ZERO,
                pending=_ZERO,
                lost=_ZERO,
                status=Status.NOT_APPLICABLE,
                trace=Trace(
                    rule.name, steps=(Step("not_applicable", node.max, node.not_applicable.value),)
                ),
            )
        ctx = ScoringContext(
            code=node.code,
            max=node.max,
            values=known.inputs,
            specs=self.ruleset.inputs,
            namespace=self.namespace,
            estimated=known.estimated,
            manual=known.points.get(node.code),
            group=self.group.get(node.code),
        )
        estimated = known.is_estimated(node.code) or bool(rule.names & known.estimated)
        if not rule.ready(ctx):
            due = self.deadlines[node.code]
            waiting = self.as_of < due
            step = Step("not_due" if waiting else "missing", detail=due.isoformat())
            return self.waiting(node, ctx, step, pending=waiting, estimated=estimated)
        if rule.needs_group and ctx.group is None:
            # Nothing the unit can do about it: the group's figures are not in yet.
            step = Step("group_needed", detail="scored with the group (evaluate_many)")
            return self.waiting(node, ctx, step, pending=True, estimated=estimated)
        try:
            score = rule.score(ctx)
        except ExpressionError as exc:
            # Point at the rule that failed, where it is written, not at the data.
            file = node.defined_in.file if node.defined_in else None
            self.log.extend(
                evolve(p, where=evolve(p.where, file=file, line=node.line, node=node.code))
                for p in exc.problems
            )
            return self.failed(node)
        except ArithmeticError as exc:
            self.log.add(
                f"the rule failed to score: {exc}",
                f"quy tắc không chấm được: {exc}",
                node=node.code,
            )
            return self.failed(node)
        steps = list(score.steps)
        points = score.points
        if not _ZERO <= points <= node.max:
            steps.append(Step("clamp", points, f"0 … {format_plain(node.max)}"))
            points = min(max(points, _ZERO), node.max)
        rounded = min(self.round(points), node.max)
        if rounded != points:
            steps.append(Step("rounding", points, f"{self.round.places} places, {self.round.mode}"))
        status = (
            Status.ACHIEVED
            if rounded == node.max
            else Status.FAILED
            if rounded == 0
            else Status.PARTIAL
        )
        return self.make(
            node,
            max=node.max,
            points=rounded,
            pending=_ZERO,
            lost=plain(node.max - rounded),
            status=status,
            trace=Trace(rule.name, ctx.used(rule.names), tuple(steps)),
            estimated=estimated,
        )

    def waiting(
        self, node: Criterion, ctx: ScoringContext, step: Step, *, pending: bool, estimated: bool
    ) -> NodeResult:
        """A leaf without a score yet: pending before its deadline, missing after."""
        assert node.rule is not None
        return self.make(
            node,
            max=node.max,
            points=_ZERO,
            pending=node.max if pending else _ZERO,
            lost=_ZERO if pending else node.max,
            status=Status.NOT_DUE if pending else Status.MISSING,
            trace=Trace(node.rule.name, ctx.used(node.rule.names), (step,)),
            estimated=estimated,
        )

    def failed(self, node: Criterion) -> NodeResult:
        """A leaf whose rule could not score (its error is in the log and will be raised)."""
        assert node.rule is not None
        return self.make(
            node,
            max=node.max,
            points=_ZERO,
            pending=_ZERO,
            lost=node.max,
            status=Status.FAILED,
            trace=Trace(node.rule.name),
        )

    def combine(
        self, kids: list[NodeResult], maximum: Decimal
    ) -> tuple[Decimal, Decimal, Decimal, Decimal, Trace]:
        """A parent's (max, points, pending, lost, trace) from its children.

        Their sum; or, when some children left the maximum (not assigned), the rest
        scaled up to ``maximum``; or nothing at all when every child left.
        """
        points = plain(sum((k.points for k in kids), _ZERO))
        pending = plain(sum((k.pending for k in kids), _ZERO))
        remaining = sum((k.max for k in kids), _ZERO)
        if remaining == 0:
            return _ZERO, _ZERO, _ZERO, _ZERO, Trace("sum", steps=(Step("sum", _ZERO),))
        if remaining == maximum:
            lost = plain(sum((k.lost for k in kids), _ZERO))
            return maximum, points, pending, lost, Trace("sum", steps=(Step("sum", points),))
        # Some children were not assigned: the rest are scaled up to this node's max.
        factor = maximum / remaining
        scaled_points = min(self.round(points * factor), maximum)
        scaled_pending = min(self.round(pending * factor), maximum - scaled_points)
        lost = maximum - scaled_points - scaled_pending
        left = ", ".join(k.code for k in kids if _excluded(k))
        return (
            maximum,
            scaled_points,
            scaled_pending,
            lost,
            Trace(
                "rescale",
                steps=(Step("sum", points), Step("rescale", factor, f"without {left}")),
            ),
        )

    def adjust(
        self,
        adjustments: list[NodeResult],
        maximum: Decimal,
        points: Decimal,
        pending: Decimal,
        trace: Trace,
    ) -> tuple[Decimal, Decimal, Decimal, Trace]:
        """Bonus and penalty nodes move the total, which stays within ``[0, max]``."""
        steps = list(trace.steps)
        moved = points
        for result in adjustments:
            kind = self.ruleset.criteria[result.code].adjust
            sign = 1 if kind is Adjust.BONUS else -1
            moved += sign * result.points
            steps.append(Step(str(kind), result.points, result.code))
        total = min(max(moved, _ZERO), maximum)
        if total != moved:
            steps.append(Step("cap", moved, f"0 … {format_plain(maximum)}"))
        total = plain(total)
        pending = min(pending, maximum - total)
        return total, pending, plain(maximum - total - pending), Trace("adjusted", (), tuple(steps))


def _excluded(node: NodeResult) -> bool:
    """A child that left its parent's maximum (not assigned, rescaled away)."""
    return node.status is Status.NOT_APPLICABLE and node.max == 0


def _parent_status(
    kids: list[NodeResult], points: Decimal, pending: Decimal, lost: Decimal, maximum: Decimal
) -> Status:
    if all(k.status is Status.NOT_APPLICABLE for k in kids):
        return Status.NOT_APPLICABLE
    if lost == 0 and pending == 0:
        return Status.ACHIEVED
    if pending == maximum:
        return Status.NOT_DUE
    scored = [k for k in kids if k.status is not Status.NOT_APPLICABLE]
    if all(k.status is Status.MISSING for k in scored):
        return Status.MISSING
    if points == 0 and pending == 0:
        return Status.FAILED
    return Status.PARTIAL
