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
from .i18n import msg
from .kinds import Rule, ScoringContext
from .kinds.bands import Bands
from .kinds.check import Check
from .kinds.deduct import Deduct
from .kinds.formula import Formula
from .kinds.levels import Levels
from .kinds.linear import Linear
from .kinds.manual import Manual
from .kinds.per_item import PerItem
from .model import Adjust, Criterion, NotApplicable, Ruleset
from .numbers import CONTEXT, Rounding, format_plain, plain
from .result import NodeResult, Result, Scored, Status
from .trace import Step, Trace, Used

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
                what=msg(
                    "evaluate() needs a Ruleset (from load_ruleset), not {type}",
                    type=type(ruleset).__name__,
                ),
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
            what=msg("as_of must be a date, not {as_of!r}", as_of=as_of),
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
    plan = _plan(ruleset)
    year = plan.year(period)
    results = [
        _Scorer(plan, year, unit, known, period, when, group or {}).result()
        for known in unit.cumulative()
    ]
    final = results[-1]
    if len(results) > 1:
        final = evolve(final, earlier={r.layer: r for r in results[:-1]})
    return final


class _Node:
    """What scoring one node needs that no unit changes, worked out once per rule set."""

    __slots__ = (
        "children",
        "code",
        "criterion",
        "is_leaf",
        "kind",
        "manual",
        "max",
        "memo",
        "names",
        "needs_group",
        "plain_ready",
        "rule",
        "static",
        "used",
    )

    def __init__(self, criterion: Criterion, kids: tuple[int, ...], ruleset: Ruleset) -> None:
        self.criterion = criterion
        self.code = criterion.code
        self.max = criterion.max
        self.children = kids
        self.is_leaf = criterion.is_leaf
        rule = criterion.rule
        self.rule = rule
        self.kind = rule.name if rule is not None else ""
        names = rule.names if rule is not None else frozenset()
        self.names = names
        #: The inputs a trace records, in name order, with their declared types.
        specs = ruleset.inputs
        self.used = tuple((n, specs[n].type.value if n in specs else None) for n in sorted(names))
        # A kind that keeps the base class's readiness test needs its inputs only.
        self.plain_ready = rule is not None and type(rule).ready is Rule.ready
        self.needs_group = rule is not None and rule.needs_group
        #: Points given by an assessor: ready when the data gives them.
        self.manual = type(rule) is Manual
        #: Whether a result can be reused for another unit with the same values (see
        #: :meth:`_Scorer.leaf`): the built-in kinds score from their inputs alone.
        self.memo = type(rule) in _PURE_KINDS
        #: The node's own attributes, as every result of it repeats them.
        self.static: dict[str, Any] = {
            "code": criterion.code,
            "name": criterion.name,
            "name_en": criterion.name_en,
            "responsible": criterion.responsible,
            "assessor": criterion.assessor.value,
            "children": criterion.children,
            "defined_in": criterion.defined_in,
        }


class _Year:
    """The parts of a plan that depend on the assessed year: deadlines, and fixed results."""

    __slots__ = ("due", "due_text", "fixed", "memo", "static")

    def __init__(self, plan: _Plan, period: int) -> None:
        deadlines = plan.ruleset.deadlines(period)
        self.due = [deadlines[node.code] for node in plan.nodes]
        self.due_text = [day.isoformat() for day in self.due]
        # The static part of every result, with the due date as results show it.
        self.static = [
            {**node.static, "due": due if node.criterion.due is not None else None}
            for node, due in zip(plan.nodes, self.due, strict=True)
        ]
        #: Results that depend on nothing a unit gives, by (node, case): a leaf that
        #: does not apply, and a waiting leaf that records no input value.
        self.fixed: dict[tuple[object, ...], NodeResult] = {}
        #: Recent results of each node, by what they were scored from (see _Scorer).
        self.memo = [_Memo() for _ in plan.nodes]


class _Plan:
    """A rule set compiled for scoring: its nodes in the order they are scored.

    Children come before their parent (fields first, then bonus and penalty nodes),
    which is the order in which the recursive definition visits the leaves, so
    problems are logged in the same order.
    """

    __slots__ = (
        "adjustments",
        "codes",
        "complete",
        "fields",
        "nodes",
        "order",
        "rounding",
        "ruleset",
        "years",
    )

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        codes = list(ruleset.criteria)
        index = {code: i for i, code in enumerate(codes)}
        self.nodes = [
            _Node(node, tuple(index[c] for c in node.children), ruleset)
            for node in ruleset.criteria.values()
        ]
        self.fields = tuple(index[c] for c in ruleset.fields)
        self.adjustments = tuple(index[c] for c in ruleset.adjustments)
        order: list[int] = []

        def visit(i: int) -> None:
            for child in self.nodes[i].children:
                visit(child)
            order.append(i)

        for top in (*self.fields, *self.adjustments):
            visit(top)
        self.order = tuple(order)
        self.codes = tuple(codes)
        # Whether every node descends from a field or an adjustment, and so is scored (a
        # loaded rule set always; one put together by hand perhaps not).
        self.complete = sorted(order) == list(range(len(codes)))
        rounding = ruleset.rounding
        self.rounding = f"{rounding.places} places, {rounding.mode}"
        self.years: dict[int, _Year] = {}

    def year(self, period: int) -> _Year:
        found = self.years.get(period)
        if found is None:
            found = self.years[period] = _Year(self, period)
        return found


def _plan(ruleset: Ruleset) -> _Plan:
    """The rule set's scoring plan, made on first use and kept with the rule set."""
    memo = ruleset._memo
    plan: _Plan | None = memo.get("evaluator")
    if plan is None:
        plan = memo["evaluator"] = _Plan(ruleset)
    return plan


class _Scorer:
    """Scores one layer of one unit bottom-up, collecting any expression failures."""

    def __init__(
        self,
        plan: _Plan,
        year: _Year,
        unit: UnitData,
        known: Statements,
        period: int,
        as_of: date,
        group: Group,
    ) -> None:
        self.plan = plan
        self.year = year
        self.ruleset = plan.ruleset
        self.unit = unit
        self.known = known
        self.values = known.inputs
        self.estimated = known.estimated
        # What the data says per criterion; usually little, so often nothing to look up.
        self.not_assigned = known.not_applicable
        self.manual = known.points
        self.marked_nodes = known.estimated_nodes
        self.period = period
        self.as_of = as_of
        self.group = group
        self.round: Rounding = plan.ruleset.rounding
        self.namespace: Namespace | None = None  # made for the first rule that scores
        self.log = ProblemLog(file=unit.source)
        #: Which nodes' results are kept in the plan's caches, so that their identity
        #: stands for their content (see :meth:`parent`).
        self.kept = [False] * len(plan.nodes)

    def result(self) -> Result:
        ruleset, plan = self.ruleset, self.plan
        nodes = plan.nodes
        results: list[NodeResult | None] = [None] * len(nodes)
        leaf, parent = self.leaf, self.parent
        with decimal.localcontext(CONTEXT):
            for i in plan.order:
                node = nodes[i]
                if node.is_leaf:
                    results[i] = leaf(i, node)
                else:
                    results[i] = parent(i, node, [results[c] for c in node.children])  # type: ignore[misc]
            fields: list[NodeResult] = [results[i] for i in plan.fields]  # type: ignore[misc]
            adjustments: list[NodeResult] = [results[i] for i in plan.adjustments]  # type: ignore[misc]
            self.log.raise_if_any(ExpressionError)
            maximum, points, pending, lost, trace, flags = self.combine(fields, ruleset.max)
            if adjustments:
                points, pending, lost, trace = self.adjust(
                    adjustments, maximum, points, pending, trace
                )
            index = self.round(points / maximum * 100) if maximum else _ZERO
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
            status=_status(flags, points, pending, lost, maximum),
            estimated=flags[2],
            trace=trace,
            nodes=(
                dict(zip(plan.codes, results, strict=True))  # type: ignore[arg-type]
                if plan.complete
                else {c: r for c, r in zip(plan.codes, results, strict=True) if r is not None}
            ),
            context=Scored(ruleset=ruleset, known=self.known, group=self.group),
        )
        if not ruleset.grades:
            return result  # grade() gives None, which the result already holds
        try:
            return evolve(result, grade=grade(result, ruleset))
        except ExpressionError as exc:
            self.log.extend(exc.problems)
            self.log.raise_if_any(ExpressionError)
            raise  # pragma: no cover - raise_if_any always raises here

    def parent(self, i: int, node: _Node, kids: list[NodeResult]) -> NodeResult:
        kept = self.kept
        # Children that are all kept results stand for their content by identity: a
        # parent of the very same children is the very same result. The entry holds
        # the children, so no other object can take one of their ids meanwhile.
        memo = self.year.memo[i]
        reuse = memo.on and all(kept[c] for c in node.children)
        if reuse:
            key = tuple(map(id, kids))
            entry = memo.find(key)
            if entry is not None:
                kept[i] = True
                return entry[1]  # type: ignore[no-any-return]
        maximum, points, pending, lost, trace, flags = self.combine(kids, node.max)
        result = NodeResult(
            **self.year.static[i],
            max=maximum,
            points=points,
            pending=pending,
            lost=lost,
            status=_status(flags, points, pending, lost, maximum),
            trace=trace,
            estimated=flags[2],
        )
        if reuse and memo.keep(key, (kids, result)):
            kept[i] = True
        return result

    def leaf(self, i: int, node: _Node) -> NodeResult:
        known, rule = self.known, node.rule
        assert rule is not None  # the loader guarantees a rule on every leaf
        code = node.code
        if self.not_assigned and self.not_assigned.get(code, False):
            return self.not_applicable(i, node)
        manual = self.manual.get(code) if self.manual else None
        group = self.group.get(code) if self.group else None
        ctx: ScoringContext | None = None
        if node.plain_ready:
            ready = self.values.keys() >= node.names
        elif node.manual:
            ready = manual is not None
        else:
            ctx = self.context(node, manual, group)
            ready = rule.ready(ctx)
        marked = self.estimated
        estimated = (known.estimated_nodes.get(code, False) if self.marked_nodes else False) or (
            bool(node.names & marked) if marked else False
        )
        if not ready:
            due = self.year.due[i]
            step = "not_due" if self.as_of < due else "missing"
            return self.waiting(i, node, step, self.year.due_text[i], estimated)
        if node.needs_group and group is None:
            # Nothing the unit can do about it: the group's figures are not in yet.
            return self.waiting(i, node, "group_needed", _GROUP_NEEDED, estimated)
        # A built-in kind scores from its inputs' values (and a manual one from the
        # points given) alone: another unit with the very same values, written the
        # same way, gets the very same result, which is then reused.
        memo = self.year.memo[i]
        key = self.key(node, manual, estimated) if node.memo and memo.on else None
        if key is not None:
            found = memo.find(key)
            if found is not None:
                self.kept[i] = True
                return found  # type: ignore[no-any-return]
        try:
            score = rule.score(ctx or self.context(node, manual, group))
        except ExpressionError as exc:
            # Point at the rule that failed, where it is written, not at the data.
            criterion = node.criterion
            file = criterion.defined_in.file if criterion.defined_in else None
            self.log.extend(
                evolve(p, where=evolve(p.where, file=file, line=criterion.line, node=code))
                for p in exc.problems
            )
            return self.failed(i, node)
        except ArithmeticError as exc:
            self.log.add(
                msg("the rule failed to score: {exc}", exc=exc),
                node=code,
            )
            return self.failed(i, node)
        steps = score.steps
        points = score.points
        maximum = node.max
        if not _ZERO <= points <= maximum:
            steps = (*steps, Step("clamp", points, f"0 … {format_plain(maximum)}"))
            points = min(max(points, _ZERO), maximum)
        rounded = self.round(points)
        if rounded > maximum:
            rounded = maximum
        if rounded != points:
            steps = (*steps, Step("rounding", points, self.plan.rounding))
        result = NodeResult(
            **self.year.static[i],
            max=maximum,
            points=rounded,
            pending=_ZERO,
            lost=plain(maximum - rounded),
            status=(
                Status.ACHIEVED
                if rounded == maximum
                else Status.FAILED
                if rounded == 0
                else Status.PARTIAL
            ),
            trace=Trace(node.kind, self.used(node), tuple(steps)),
            estimated=estimated,
        )
        if key is not None and memo.keep(key, result):
            self.kept[i] = True
        return result

    def key(
        self, node: _Node, manual: Decimal | None, estimated: bool
    ) -> tuple[object, ...] | None:
        """What a leaf's result is made of besides the rule set, or ``None`` if not plain data.

        The estimate marks, and each value with its type and, for a Decimal, its exact
        text (``0.50`` is not written as ``0.5``, and the trace shows what was written).
        """
        if type(estimated) is not bool:
            return None
        if node.manual:
            return (estimated, type(manual), str(manual))
        key: tuple[object, ...] = (estimated,)
        values, marked = self.values, self.estimated
        for name, _ in node.used:
            value = values[name]
            kind = type(value)
            if kind is Decimal or kind is float:
                key += (kind, str(value), name in marked)
            elif kind in _EXACT_TYPES:
                key += (kind, value, name in marked)
            else:
                return None
        return key

    def context(
        self, node: _Node, manual: Decimal | None, group: Decimal | Sequence[Decimal] | None
    ) -> ScoringContext:
        return ScoringContext(
            code=node.code,
            max=node.max,
            values=self.values,
            specs=self.ruleset.inputs,
            namespace=self.namespace or self.make_namespace(),
            estimated=self.estimated,
            manual=manual,
            group=group,
        )

    def make_namespace(self) -> Namespace:
        self.namespace = Namespace(self.values, where=Location(file=self.unit.source))
        return self.namespace

    def used(self, node: _Node) -> tuple[Used, ...]:
        """The trace record of the inputs the leaf's rule reads, in name order."""
        values, estimated = self.values, self.estimated
        return tuple(
            [
                Used(
                    name,
                    kind or self.ruleset.inputs[name].type.value,
                    values[name],
                    name in estimated,
                )
                for name, kind in node.used
                if name in values
            ]
        )

    def not_applicable(self, i: int, node: _Node) -> NodeResult:
        """A leaf that does not apply: the same result for every unit, made once."""
        fixed = self.year.fixed
        result = fixed.get((i, NotApplicable))
        self.kept[i] = True
        if result is None:
            criterion = node.criterion
            full = criterion.not_applicable is NotApplicable.FULL
            result = fixed[i, NotApplicable] = NodeResult(
                **self.year.static[i],
                max=node.max if full else _ZERO,
                points=node.max if full else _ZERO,
                pending=_ZERO,
                lost=_ZERO,
                status=Status.NOT_APPLICABLE,
                trace=Trace(
                    node.kind,
                    steps=(Step("not_applicable", node.max, criterion.not_applicable.value),),
                ),
            )
        return result

    def waiting(self, i: int, node: _Node, step: str, detail: str, estimated: bool) -> NodeResult:
        """A leaf without a score yet: pending before its deadline, missing after."""
        pending = step != "missing"
        used = self.used(node)
        key = (i, step, estimated)
        # With nothing of the unit's in it, the result is the same for every unit.
        fixed = not used and type(estimated) is bool
        if fixed:
            self.kept[i] = True
            result = self.year.fixed.get(key)
            if result is not None:
                return result
        result = NodeResult(
            **self.year.static[i],
            max=node.max,
            points=_ZERO,
            pending=node.max if pending else _ZERO,
            lost=_ZERO if pending else node.max,
            status=Status.NOT_DUE if pending else Status.MISSING,
            trace=Trace(node.kind, used, (Step(step, detail=detail),)),
            estimated=estimated,
        )
        if fixed:
            self.year.fixed[key] = result
        return result

    def failed(self, i: int, node: _Node) -> NodeResult:
        """A leaf whose rule could not score (its error is in the log and will be raised)."""
        return NodeResult(
            **self.year.static[i],
            max=node.max,
            points=_ZERO,
            pending=_ZERO,
            lost=node.max,
            status=Status.FAILED,
            trace=Trace(node.kind),
        )

    def combine(
        self, kids: list[NodeResult], maximum: Decimal
    ) -> tuple[Decimal, Decimal, Decimal, Decimal, Trace, _Flags]:
        """A parent's (max, points, pending, lost, trace) from its children, and their flags.

        Their sum; or, when some children left the maximum (not assigned), the rest
        scaled up to ``maximum``; or nothing at all when every child left. The flags
        (:data:`_Flags`) are what the parent's status and estimate need of the children.
        """
        points = pending = remaining = lost = _ZERO
        all_na = all_missing = True
        estimated = False
        for kid in kids:
            points += kid.points
            pending += kid.pending
            remaining += kid.max
            lost += kid.lost
            status = kid.status
            if status is not _NOT_APPLICABLE:
                all_na = False
                if status is not _MISSING:
                    all_missing = False
            if kid.estimated:
                estimated = True
        flags = (all_na, all_missing, estimated)
        points = plain(points)
        pending = plain(pending)
        if remaining == 0:
            # Nothing left to score: a node whose children were not assigned is not
            # assigned either, and leaves its own parent's maximum in turn.
            if any(kid.status is _NOT_APPLICABLE for kid in kids):
                flags = (True, all_missing, estimated)
            return _ZERO, _ZERO, _ZERO, _ZERO, _EMPTY_SUM, flags
        if remaining == maximum:
            trace = Trace("sum", steps=(Step("sum", points),))
            return maximum, points, pending, plain(lost), trace, flags
        # Some children were not assigned: the rest are scaled up to this node's max.
        # Potential is rounded once and split, so that rounding points and pending
        # separately can never move potential (or lost) by a whole step.
        # Multiplying before dividing keeps exact cases exact (0.83 × 100 / 0.83 is 100).
        factor = maximum / remaining
        potential = min(self.round((points + pending) * maximum / remaining), maximum)
        scaled_points = min(self.round(points * maximum / remaining), potential)
        scaled_pending = plain(potential - scaled_points)
        lost = plain(maximum - potential)
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
            flags,
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


#: How many results of one node are kept for reuse; past that, they are all let go.
#: Enough for yes/no answers, levels and small counts.
_MEMO_SIZE = 32
#: A node whose results are found again less than one time in five, over this many
#: tries, stops being kept: a figure that differs for every unit (a count of files).
_TRIAL = 64
#: Values compared exactly by ``==`` within their type (Decimals are compared as text).
_EXACT_TYPES = frozenset({int, bool, str, date})
#: The built-in kinds, whose score depends on the values of their inputs (and the
#: points given, for manual) and on nothing else of the unit.
_PURE_KINDS = frozenset({Bands, Check, Deduct, Formula, Levels, Linear, Manual, PerItem})


class _Memo:
    """One node's recent results, by what they were made from, while they are found again.

    Bounded (:data:`_MEMO_SIZE`), and given up for a node whose results are rarely
    found again (:data:`_TRIAL`), so memory stays flat however many units are scored.
    """

    __slots__ = ("entries", "hits", "misses", "on")

    def __init__(self) -> None:
        self.entries: dict[tuple[object, ...], Any] = {}
        self.hits = self.misses = 0
        self.on = True

    def find(self, key: tuple[object, ...]) -> Any:
        found = self.entries.get(key)
        if found is not None:
            self.hits += 1
        return found

    def keep(self, key: tuple[object, ...], value: object) -> bool:
        """Keep ``value`` under ``key``; whether it is kept (and so stays alive)."""
        self.misses += 1
        if self.misses >= _TRIAL and self.hits * 4 < self.misses:
            self.on = False
            self.entries.clear()
            return False
        if len(self.entries) >= _MEMO_SIZE:
            self.entries.clear()
        self.entries[key] = value
        return True


#: What a parent's status needs of its children: whether all do not apply, whether all
#: that apply are missing, and whether any is an estimate.
_Flags = tuple[bool, bool, bool]
_NOT_APPLICABLE = Status.NOT_APPLICABLE
_MISSING = Status.MISSING


_GROUP_NEEDED = "scored with the group (evaluate_many)"
_EMPTY_SUM = Trace("sum", steps=(Step("sum", _ZERO),))


def _excluded(node: NodeResult) -> bool:
    """A child that left its parent's maximum (not assigned, rescaled away)."""
    return node.status is Status.NOT_APPLICABLE and node.max == 0


def _status(
    flags: _Flags, points: Decimal, pending: Decimal, lost: Decimal, maximum: Decimal
) -> Status:
    """A parent's status from its children's flags (see :meth:`_Scorer.combine`) and sums."""
    all_na, all_missing, _ = flags
    if all_na:
        return Status.NOT_APPLICABLE
    if lost == 0 and pending == 0:
        return Status.ACHIEVED
    if pending == maximum:
        return Status.NOT_DUE
    if all_missing:
        return Status.MISSING
    if points == 0 and pending == 0:
        return Status.FAILED
    return Status.PARTIAL
