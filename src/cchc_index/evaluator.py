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
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from attrs import evolve

from .data import Statements, UnitData, load_raw, read_unit
from .errors import ExpressionError, InputError, Location, Problem, ProblemLog
from .expressions import Expression, Namespace
from .grades import grade
from .i18n import msg
from .kinds import Rule, ScoringContext
from .kinds._base import RawScore, RecordedRule
from .kinds.bands import Bands
from .kinds.check import Check
from .kinds.deduct import Deduct
from .kinds.formula import Formula
from .kinds.levels import Levels
from .kinds.linear import Linear
from .kinds.manual import Manual
from .kinds.per_item import PerItem
from .kinds.relative import Relative, check_group
from .model import Adjust, Assessor, Criterion, NotApplicable, Ruleset
from .numbers import CONTEXT, Rounding, format_plain, plain
from .result import LazyNodes, NodeResult, Result, Scored, Status
from .trace import InputValue, RawStep, Step, Trace, Used, make_steps

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
    require_ruleset(ruleset)
    raw, file = load_raw(data)
    return evaluate_read(ruleset, raw, file=file, as_of=as_of, group=group)


def evaluate_read(
    ruleset: Ruleset,
    raw: Mapping[str, Any],
    *,
    file: str | None = None,
    as_of: date | None = None,
    group: Group | None = None,
) -> Result:
    """:func:`evaluate` for data already read (:func:`~cchc_index.data.load_raw`).

    A caller that needs the raw data too (a report reads its plan and reported
    sheet) reads the file once; ``file`` still names it in every problem.
    """
    require_ruleset(ruleset)
    unit = read_unit(ruleset, raw, file=file)
    return score_unit(ruleset, unit, as_of=as_of_day(as_of), group=check_group(group))


def require_ruleset(ruleset: object) -> None:
    """Refuse anything but a :class:`Ruleset` with the library's own error."""
    if not isinstance(ruleset, Ruleset):
        raise InputError(
            Problem(
                what=msg(
                    "evaluate() needs a Ruleset (from load_ruleset), not {type}",
                    type=type(ruleset).__name__,
                ),
            )
        )


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
        "by_province",
        "children",
        "code",
        "condition",
        "criterion",
        "defers",
        "is_leaf",
        "kind",
        "manual",
        "max",
        "memo",
        "names",
        "needs_group",
        "nominal",
        "not_applicable",
        "pick",
        "plain_ready",
        "record",
        "region",
        "rule",
        "shown",
        "single",
        "static",
        "used",
    )

    def __init__(self, criterion: Criterion, kids: tuple[int, ...], ruleset: Ruleset) -> None:
        self.criterion = criterion
        self.code = criterion.code
        self.max = criterion.max
        self.children = kids
        #: What the children's maxima add up to: the max, unless the decree's figures
        #: disagree (an acknowledged inconsistency).
        self.nominal = sum((ruleset.criteria[c].max for c in criterion.children), _ZERO)
        #: Whether a rescale scope above takes over this node's not-assigned leaves: it
        #: then only sums, its max shrinking by what left (set by the plan).
        self.defers = False
        #: The nodes below whose leaving this node's trace names: its children, and those
        #: of the children that defer to it, with their parents (``-1``: this node), as
        #: indices set by the plan.
        self.region: tuple[tuple[int, int], ...] = ()
        self.by_province = ruleset.assessor_of(criterion.code) is Assessor.PROVINCE
        self.condition = criterion.not_applicable_when
        #: The children's entries of one of a unit's records (:class:`_Record`), as a tuple.
        self.pick = _picker(kids)
        self.is_leaf = criterion.is_leaf
        rule = criterion.rule
        self.rule = rule
        self.kind = rule.name if rule is not None else ""
        names = rule.names if rule is not None else frozenset()
        self.names = names
        #: The inputs a trace records, in name order, with their declared types: the
        #: rule's, and those that decide whether the leaf applies.
        specs = ruleset.inputs
        condition = criterion.not_applicable_when
        shown = names | condition.names if condition is not None else names
        self.shown = shown
        self.used = tuple((n, specs[n].type.value if n in specs else None) for n in sorted(shown))
        #: The input of a rule that reads one.
        self.single = next(iter(names)) if len(names) == 1 else None
        # A kind that keeps the base class's readiness test needs its inputs only.
        self.plain_ready = rule is not None and type(rule).ready is Rule.ready
        self.needs_group = rule is not None and rule.needs_group
        #: Points given by an assessor: ready when the data gives them.
        self.manual = type(rule) is Manual
        #: A built-in kind's scoring, which records its steps as tuples (a kind of one's
        #: own, or a subclass of a built-in one, is asked for its :meth:`Rule.score`).
        self.record: Callable[[ScoringContext], RawScore] | None = (
            cast(RecordedRule, rule)._record if type(rule) in _BUILTIN_KINDS else None
        )
        #: Whether a record can be reused for another unit with the same values (see
        #: :meth:`_Scorer.leaf`): the built-in kinds score from their inputs alone.
        self.memo = type(rule) in _PURE_KINDS
        #: The figures of the leaf when it does not apply to a unit: the same for every unit.
        full = criterion.not_applicable is NotApplicable.FULL
        self.not_applicable: _Fixed = (
            criterion.max if full else _ZERO,
            criterion.max if full else _ZERO,
            _ZERO,
            _ZERO,
            Status.NOT_APPLICABLE,
            False,
            (
                self.kind,
                False,
                (("not_applicable", criterion.max, criterion.not_applicable.value),),
            ),
        )
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


def _picker(indices: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function giving the items of a list at ``indices``, as a tuple."""
    if not indices:
        return lambda items: ()
    if len(indices) == 1:
        (only,) = indices
        return lambda items: (items[only],)
    return itemgetter(*indices)


class _Year:
    """The parts of a plan that depend on the assessed year: deadlines, and what results show."""

    __slots__ = ("due", "due_text", "fixed", "memo", "not_applicable", "static")

    def __init__(self, plan: _Plan, period: int) -> None:
        deadlines = plan.ruleset.deadlines(period)
        self.due = [deadlines[node.code] for node in plan.nodes]
        self.due_text = [day.isoformat() for day in self.due]
        # The static part of every result, with the due date as results show it.
        self.static = [
            {**node.static, "due": due if node.criterion.due is not None else None}
            for node, due in zip(plan.nodes, self.due, strict=True)
        ]
        #: The record of each leaf when it does not apply to a unit.
        self.not_applicable: list[_Figures] = [
            (*node.not_applicable, [None]) for node in plan.nodes
        ]
        #: The records of waiting leaves that show no input of the unit, which are the
        #: same for every unit, by (node, step, estimate).
        self.fixed: dict[tuple[int, str, bool], _Figures] = {}
        #: Recent records of each node, by what they were scored from (see _Scorer).
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
        "field_pick",
        "fields",
        "index",
        "nodes",
        "nominal",
        "order",
        "region",
        "round",
        "rounding",
        "ruleset",
        "scored",
        "spare",
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
        _scopes(self.nodes, ruleset)
        self.fields = tuple(index[c] for c in ruleset.fields)
        self.field_pick = _picker(self.fields)
        #: What the fields' maxima add up to, and the region of the whole (see _Node).
        self.nominal = sum((ruleset.criteria[c].max for c in ruleset.fields), _ZERO)
        self.region = tuple((i, -1) for i in self.fields)
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
        # The nodes a result holds, by code, in the rule set's order: every node descends
        # from a field or an adjustment, and so is scored (in a loaded rule set always; in
        # one put together by hand perhaps not).
        scored = frozenset(order)
        self.scored = tuple(c for i, c in enumerate(codes) if i in scored)
        self.index = {c: i for i, c in enumerate(codes) if i in scored}
        self.round: Rounding = ruleset.rounding
        rounding = ruleset.rounding
        self.rounding = f"{rounding.places} places, {rounding.mode}"
        self.years: dict[int, _Year] = {}
        #: Expression namespaces free to serve the next unit (:meth:`_Scorer.make_namespace`).
        self.spare: list[tuple[_Values, Namespace]] = []

    def year(self, period: int) -> _Year:
        found = self.years.get(period)
        if found is None:
            found = self.years[period] = _Year(self, period)
        return found


def _scopes(nodes: Sequence[_Node], ruleset: Ruleset) -> None:
    """Mark the nodes below a rescale scope as deferring to it, and give each its region."""
    codes = {node.code: i for i, node in enumerate(nodes)}
    for node in nodes:  # decree order: a parent before its children
        parent = node.criterion.parent
        if parent is not None and parent in codes:
            above = nodes[codes[parent]]
            scoped = above.defers or above.criterion.rescale_scope
            node.defers = scoped and not node.criterion.rescale_scope
    for i in reversed(range(len(nodes))):  # children before their parents
        node = nodes[i]
        region: list[tuple[int, int]] = []
        for child in node.children:
            region.append((child, -1))
            if nodes[child].defers:
                region.extend(
                    (k, child) if above < 0 else (k, above) for k, above in nodes[child].region
                )
        node.region = tuple(region)


def _plan(ruleset: Ruleset) -> _Plan:
    """The rule set's scoring plan, made on first use and kept with the rule set."""
    memo = ruleset._memo
    plan: _Plan | None = memo.get("evaluator")
    if plan is None:
        plan = memo["evaluator"] = _Plan(ruleset)
    return plan


#: A trace as scoring records it: the kind, whether it shows the inputs the node's rule
#: reads, and the steps (:data:`~cchc_index.trace.RawStep`, or :class:`Step` objects from a
#: kind of one's own). It becomes a :class:`Trace` when the node's result is read.
_RawTrace = tuple[str, bool, tuple[Step | RawStep, ...]]
#: Where the :class:`NodeResult` made of a record is kept: one item, ``None`` until made.
_Made = list[NodeResult | None]
#: A node's record, as scoring makes it: max, points, pending, lost, status, whether it
#: is an estimate, its trace, and the node's result once it is made (:data:`_Made`).
#: Plain values are cheap to make. A record is reused only for units whose result for the
#: node is the same in every respect (see :class:`_Memo`), so that result is made once.
_Figures = tuple[Decimal, Decimal, Decimal, Decimal, Status, bool, _RawTrace, _Made]
#: The figures of a record that is the same for every unit, without the result made of it.
_Fixed = tuple[Decimal, Decimal, Decimal, Decimal, Status, bool, _RawTrace]


class _Record:
    """One layer of one unit as scored: every node's record, in the rule set's order.

    The scorer fills it in; a node's :class:`NodeResult`, and its :class:`Trace`, are made
    from it when the result's node is first read (:class:`~cchc_index.result.LazyNodes`),
    so a result that is only totalled never makes them.
    """

    __slots__ = ("estimated", "figures", "nodes", "specs", "static", "values")

    def __init__(self, plan: _Plan, year: _Year, known: Statements) -> None:
        self.nodes = plan.nodes
        self.static = year.static
        self.specs = plan.ruleset.inputs
        self.values = known.inputs
        self.estimated = known.estimated
        self.figures: list[_Figures] = [_UNSCORED] * len(plan.nodes)

    def node(self, i: int) -> NodeResult:
        """The result of the node at ``i``, made from what its scoring recorded, once."""
        (
            maximum,
            points,
            pending,
            lost,
            status,
            estimated,
            (kind, shows_inputs, steps),
            made,
        ) = self.figures[i]
        found = made[0]
        if found is not None:
            return found
        found = made[0] = NodeResult(
            **self.static[i],
            max=maximum,
            points=points,
            pending=pending,
            lost=lost,
            status=status,
            trace=Trace(kind, self.used(i) if shows_inputs else (), make_steps(steps)),
            estimated=estimated,
        )
        return found

    def used(self, i: int) -> tuple[Used, ...]:
        """The trace record of the inputs the leaf's rule reads, in name order."""
        values, estimated, specs = self.values, self.estimated, self.specs
        return tuple(
            [
                Used(name, kind or specs[name].type.value, values[name], name in estimated)
                for name, kind in self.nodes[i].used
                if name in values
            ]
        )


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
        self.namespace: Namespace | None = None  # made for the first rule that scores
        #: The namespace's entry of the plan's spare ones, while this unit has it.
        self.lent: tuple[_Values, Namespace] | None = None
        #: The context the built-in kinds score with, one leaf after another.
        self.shared: ScoringContext | None = None
        self._log: ProblemLog | None = None
        self.record = _Record(plan, year, known)
        self.figures = self.record.figures
        self.memo = year.memo
        #: Which nodes' records are kept in the plan's caches, so that their identity
        #: stands for their content (see :meth:`parent`).
        self.kept = [False] * len(plan.nodes)

    @property
    def log(self) -> ProblemLog:
        """The problems found while scoring; made for the first one, as most units have none."""
        if self._log is None:
            self._log = ProblemLog(file=self.unit.source)
        return self._log

    def result(self) -> Result:
        try:
            return self.scored()
        finally:
            self.release()

    def scored(self) -> Result:
        ruleset, plan = self.ruleset, self.plan
        nodes = plan.nodes
        leaf, parent = self.leaf, self.parent
        with decimal.localcontext(CONTEXT):
            for i in plan.order:
                node = nodes[i]
                if node.is_leaf:
                    leaf(i, node)
                else:
                    parent(i, node)
            if self._log is not None:
                self._log.raise_if_any(ExpressionError)
            maximum, points, pending, lost, (kind, _, steps), flags = self.combine(
                plan.field_pick(self.figures),
                ruleset.max,
                nominal=plan.nominal,
                region=plan.region,
            )
            if plan.adjustments:
                kind = "adjusted"
                points, pending, lost, steps = self.adjust(maximum, points, pending, steps)
            index = self.rounded(points / maximum * 100) if maximum else _ZERO
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
            trace=Trace(kind, (), make_steps(steps)),
            nodes=LazyNodes(plan.scored, plan.index, self.record.node),
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

    def parent(self, i: int, node: _Node) -> None:
        kept, figures = self.kept, self.figures
        kids = node.pick(figures)
        # Children that are all kept records stand for their content by identity: a
        # parent of the very same children has the very same record. The entry holds
        # the children, so no other object can take one of their ids meanwhile.
        memo = self.memo[i]
        reuse = memo.on and all(node.pick(kept))
        if reuse:
            key = tuple(map(id, kids))
            entry = memo.entries.get(key)
            if entry is not None:
                memo.hits += 1
                kept[i] = True
                figures[i] = entry[1]
                return
        maximum, points, pending, lost, trace, flags = self.combine(
            kids, node.max, nominal=node.nominal, defers=node.defers, region=node.region
        )
        record = figures[i] = (
            maximum,
            points,
            pending,
            lost,
            _status(flags, points, pending, lost, maximum),
            flags[2],
            trace,
            [None],
        )
        if reuse and memo.keep(key, (kids, record)):
            kept[i] = True

    def leaf(self, i: int, node: _Node) -> None:
        rule = node.rule
        assert rule is not None  # the loader guarantees a rule on every leaf
        code = node.code
        if self.not_assigned and self.not_assigned.get(code, False):
            self.figures[i] = self.year.not_applicable[i]
            self.kept[i] = True
            return
        # A leaf whose applicability the data decides waits for the figures that decide it.
        condition = node.condition
        undecided = condition is not None and not self.values.keys() >= condition.names
        if condition is not None and not undecided:
            applies = self.applies(i, node, condition)
            if applies is not True:
                return  # recorded: not applicable, or failed
        manual = self.manual.get(code) if self.manual else None
        group = self.group.get(code) if self.group else None
        ctx: ScoringContext | None = None
        if node.plain_ready:
            single = node.single
            ready = (
                single in self.values if single is not None else self.values.keys() >= node.names
            )
        elif node.manual:
            ready = manual is not None
        else:
            ctx = self.context(node, manual, group)
            ready = rule.ready(ctx)
        marked = self.estimated
        marked_nodes = self.marked_nodes
        estimated = (marked_nodes.get(code, False) if marked_nodes else False) or (
            not marked.isdisjoint(node.names) if marked else False
        )
        if not ready or undecided:
            if node.by_province:
                # Whatever the date: only the province's layer can give it.
                self.waiting(i, node, "province", _PROVINCE_NEEDED, estimated)
                return
            # The deadline day itself is still in time: missing begins the day after.
            step = "not_due" if self.as_of <= self.year.due[i] else "missing"
            self.waiting(i, node, step, self.year.due_text[i], estimated)
            return
        if node.needs_group and group is None:
            # Nothing the unit can do about it: the group's figures are not in yet.
            self.waiting(i, node, "group_needed", _GROUP_NEEDED, estimated)
            return
        # A built-in kind scores from its inputs' values (and a manual one from the
        # points given) alone: another unit with the very same values, written the
        # same way, gets the very same record, which is then reused.
        memo = self.memo[i]
        key = self.key(node, manual, estimated) if node.memo and memo.on else None
        if key is not None:
            found = memo.entries.get(key)
            if found is not None:
                memo.hits += 1
                self.kept[i] = True
                self.figures[i] = found
                return
        steps: tuple[Step | RawStep, ...]
        try:
            if node.record is not None:
                points, steps = node.record(ctx or self.share(node, manual, group))
            else:
                score = rule.score(ctx or self.context(node, manual, group))
                points, steps = score.points, score.steps
        except ExpressionError as exc:
            self.located(node, exc)
            self.failed(i, node)
            return
        except ArithmeticError as exc:
            self.log.add(
                msg("the rule failed to score: {exc}", exc=exc),
                node=code,
            )
            self.failed(i, node)
            return
        maximum = node.max
        if not _ZERO <= points <= maximum:
            steps = (*steps, ("clamp", points, f"0 … {format_plain(maximum)}"))
            points = min(max(points, _ZERO), maximum)
        rounded = self.rounded(points)
        if rounded > maximum:
            rounded = maximum
        if rounded != points:
            steps = (*steps, ("rounding", points, self.plan.rounding))
        record = self.figures[i] = (
            maximum,
            rounded,
            _ZERO,
            _plain(maximum - rounded),
            _ACHIEVED if rounded == maximum else _PARTIAL if rounded else _FAILED,
            estimated,
            (node.kind, True, steps),
            [None],
        )
        if key is not None and memo.keep(key, record):
            self.kept[i] = True

    def applies(self, i: int, node: _Node, condition: Expression) -> bool | None:
        """Whether the leaf applies to the unit, by its ``not_applicable_when`` condition.

        When it does not, its record is made here; ``None`` when the condition failed
        (its error is in the log).
        """
        try:
            value = (self.namespace or self.make_namespace()).run(condition, node=node.code)
        except ExpressionError as exc:
            self.located(node, exc)
            self.failed(i, node)
            return None
        if value is not True:
            return True
        maximum, points, pending, lost, status, estimated, (kind, _, steps) = node.not_applicable
        self.figures[i] = (
            maximum,
            points,
            pending,
            lost,
            status,
            estimated,
            (kind, True, (("not_applicable_when", None, condition.text), *steps)),
            [None],
        )
        return False

    def located(self, node: _Node, exc: ExpressionError) -> None:
        """Log an expression's failure at the rule that wrote it, not at the data."""
        criterion = node.criterion
        file = criterion.defined_in.file if criterion.defined_in else None
        self.log.extend(
            evolve(p, where=evolve(p.where, file=file, line=criterion.line, node=node.code))
            for p in exc.problems
        )

    def key(
        self, node: _Node, manual: Decimal | None, estimated: bool
    ) -> tuple[object, ...] | None:
        """What a leaf's record is made of besides the rule set, or ``None`` if not plain data.

        The estimate marks, and each value with its type and, for a Decimal, its exact
        text (``0.50`` is not written as ``0.5``, and the trace shows what was written).
        """
        if type(estimated) is not bool:
            return None
        values, marked = self.values, self.estimated
        if node.manual:
            if not node.used:  # the usual manual leaf: the points given are all it shows
                return (estimated, type(manual), str(manual))
            key: tuple[object, ...] = (estimated, type(manual), str(manual))
            return self.written(node, key)
        single = node.single
        if single is not None and len(node.used) == 1:  # the usual leaf, reading one input
            value = values[single]
            kind = type(value)
            if kind is Decimal or kind is float:
                return (estimated, kind, str(value), single in marked)
            return (estimated, kind, value, single in marked) if kind in _EXACT_TYPES else None
        return self.written(node, (estimated,))

    def written(self, node: _Node, key: tuple[object, ...]) -> tuple[object, ...] | None:
        """``key`` extended with each input the leaf shows, as written and marked."""
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

    def rounded(self, value: Decimal) -> Decimal:
        """``value`` rounded by the rule set's policy; at once for a zero, as often."""
        if not value and not value.is_signed():
            return _ZERO  # a zero, however written, rounds to 0
        return self.plan.round(value)

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

    def share(
        self, node: _Node, manual: Decimal | None, group: Decimal | Sequence[Decimal] | None
    ) -> ScoringContext:
        """The context of a built-in kind: one per unit, pointed at each leaf in turn.

        A built-in kind reads it while it scores and keeps nothing of it.
        """
        ctx = self.shared
        if ctx is None:
            ctx = self.shared = self.context(node, manual, group)
        else:
            ctx.code = node.code
            ctx.max = node.max
            ctx.manual = manual
            ctx.group = group
        return ctx

    def make_namespace(self) -> Namespace:
        """The namespace of this unit's expressions.

        Building simpleeval's evaluator costs more than most expressions do, so for data
        given as a mapping a namespace serves one unit after another: it is lent from the
        plan's spare ones, sees this unit's values through its :class:`_Values`, and is
        given back when the unit is scored (:meth:`release`). Data read from a file gets
        a namespace of its own, which names the file in its errors.
        """
        if self.unit.source is not None:
            self.namespace = Namespace(self.values, where=Location(file=self.unit.source))
            return self.namespace
        try:
            lent = self.plan.spare.pop()
        except IndexError:
            values = _Values()
            lent = (values, Namespace(values, where=Location(file=None)))
        lent[0].target = self.values
        self.lent = lent
        self.namespace = lent[1]
        return self.namespace

    def release(self) -> None:
        """Give the namespace lent to this unit back to the plan, seeing no values."""
        lent, self.lent = self.lent, None
        if lent is not None:
            lent[0].target = _NO_VALUES
            spare = self.plan.spare
            if len(spare) < _SPARE:
                spare.append(lent)

    def waiting(self, i: int, node: _Node, step: str, detail: str, estimated: bool) -> None:
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

    def failed(self, i: int, node: _Node) -> None:
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

    def combine(
        self,
        figures: tuple[_Figures, ...],
        maximum: Decimal,
        *,
        nominal: Decimal,
        defers: bool = False,
        region: tuple[tuple[int, int], ...] = (),
    ) -> tuple[Decimal, Decimal, Decimal, Decimal, _RawTrace, _Flags]:
        """A parent's (max, points, pending, lost, trace) from its children, and their flags.

        Their sum; or, when some leaves below were not assigned and left the maximum,
        the rest scaled up to ``maximum`` (or, when a rescale scope above takes them
        over, the sum with this node's max reduced by what left); or nothing at all when
        every child left. ``figures`` are the children's records, ``nominal`` what their
        maxima add up to (``maximum`` unless the decree's figures disagree), ``region``
        the nodes whose leaving the trace names. The flags (:data:`_Flags`) are what the
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
    ) -> tuple[Decimal, Decimal, Decimal, Decimal, _RawTrace]:
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


class _Values(Mapping[str, InputValue]):
    """The values a lent namespace sees: those of the unit it serves (see ``make_namespace``)."""

    __slots__ = ("target",)

    def __init__(self) -> None:
        self.target: Mapping[str, InputValue] = _NO_VALUES

    def __getitem__(self, name: str) -> InputValue:
        return self.target[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.target)

    def __len__(self) -> int:
        return len(self.target)


#: How many records of one node are kept for reuse; past that, they are all let go.
#: Enough for yes/no answers, levels and small counts.
_MEMO_SIZE = 32
#: A node whose records are found again less than one time in five, over this many
#: tries, stops being kept: a figure that differs for every unit (a count of files).
_TRIAL = 64
#: Values compared exactly by ``==`` within their type (Decimals are compared as text).
_EXACT_TYPES = frozenset({int, bool, str, date})
#: The built-in kinds, whose score depends on the values of their inputs (and the
#: points given, for manual) and on nothing else of the unit.
_PURE_KINDS = frozenset({Bands, Check, Deduct, Formula, Levels, Linear, Manual, PerItem})
#: The built-in kinds, which record the steps they take as tuples (``_record``).
_BUILTIN_KINDS = _PURE_KINDS | {Relative}
#: How many namespaces a plan keeps for the units to come: one per unit scored at a time.
_SPARE = 4
_NO_VALUES: Mapping[str, InputValue] = {}


class _Memo:
    """One node's recent records, by what they were made from, while they are found again.

    Bounded (:data:`_MEMO_SIZE`), and given up for a node whose records are rarely
    found again (:data:`_TRIAL`), so memory stays flat however many units are scored.
    """

    __slots__ = ("entries", "hits", "misses", "on")

    def __init__(self) -> None:
        self.entries: dict[tuple[object, ...], Any] = {}
        self.hits = self.misses = 0
        self.on = True

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


def _plain(value: Decimal) -> Decimal:
    """:func:`plain`, at once for a zero (a sum of nothing pending, nothing lost)."""
    if not value and not value.is_signed():
        return _ZERO  # however written
    return plain(value)


#: What a parent's status needs of its children: whether all do not apply, whether all
#: that apply are missing, and whether any is an estimate.
_Flags = tuple[bool, bool, bool]
_NOT_APPLICABLE = Status.NOT_APPLICABLE
_MISSING = Status.MISSING
_NOT_DUE = Status.NOT_DUE
_ACHIEVED = Status.ACHIEVED
_PARTIAL = Status.PARTIAL
_FAILED = Status.FAILED


_GROUP_NEEDED = "scored with the group (evaluate_many)"
_PROVINCE_NEEDED = "assessed by the province"
_EMPTY_SUM: _RawTrace = ("sum", False, (("sum", _ZERO, None),))
#: What a node's record is before it is scored (every scored node has its own).
_UNSCORED: _Figures = (_ZERO, _ZERO, _ZERO, _ZERO, _FAILED, False, ("", False, ()), [None])


def _status(
    flags: _Flags, points: Decimal, pending: Decimal, lost: Decimal, maximum: Decimal
) -> Status:
    """A parent's status from its children's flags (see :meth:`_Scorer.combine`) and sums."""
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
