"""A rule set compiled for scoring, once: its nodes in scoring order, and all no unit changes.

The plan is made on the first unit scored and kept with the rule set
(:func:`plan_for`). Each node's part of it (:class:`PlanNode`) holds what scoring the
node needs besides the unit's data: its kind's scoring function, the inputs its trace
shows, its not-applicable record, its rescale region; each assessed year's part
(:class:`Year`) its deadlines and the records that are the same for every unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from ..kinds import Rule, ScoringContext
from ..kinds._base import RawScore, RecordedRule
from ..kinds.bands import Bands
from ..kinds.check import Check
from ..kinds.deduct import Deduct
from ..kinds.formula import Formula
from ..kinds.levels import Levels
from ..kinds.linear import Linear
from ..kinds.manual import Manual
from ..kinds.per_item import PerItem
from ..kinds.relative import Relative
from ..language.expressions import Namespace
from ..language.model import Assessor, Criterion, NotApplicable, Ruleset
from ..language.trace import InputValue
from ..numbers import Rounding
from ._records import Figures, Fixed, Static
from .status import Status

__all__ = [
    "GENERIC",
    "ONE_INPUT",
    "PARENT",
    "POINTS_GIVEN",
    "Memo",
    "Plan",
    "PlanNode",
    "Values",
    "Year",
    "plan_for",
]

_ZERO = Decimal(0)

#: How a node is scored: a parent from its children; a leaf the general way; a leaf
#: reading one input, or given its points, by its records found again when it can.
PARENT, GENERIC, ONE_INPUT, POINTS_GIVEN = range(4)


class PlanNode:
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
        "quick",
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
        #: The children's entries of one of a unit's records (:class:`Record`), as a tuple.
        self.pick = picker(kids)
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
        #: :meth:`Scorer.leaf`): the built-in kinds score from their inputs alone.
        self.memo = type(rule) in _PURE_KINDS
        #: How the scorer takes the leaf (see :data:`GENERIC`): the usual leaves, which a
        #: unit's record of them found again settles, take a short way.
        self.quick = GENERIC
        if self.memo and condition is None and not self.by_province and not self.needs_group:
            if self.plain_ready and self.single is not None and len(self.used) == 1:
                self.quick = ONE_INPUT
            elif self.manual and not self.used:
                self.quick = POINTS_GIVEN
        #: The figures of the leaf when it does not apply to a unit: the same for every unit.
        full = criterion.not_applicable is NotApplicable.FULL
        self.not_applicable: Fixed = (
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
        #: The node's own attributes, as every result of it repeats them (:data:`Static`,
        #: without the deadline, which is the year's).
        self.static = (criterion.code, criterion.name)


def _tail(criterion: Criterion, due: date | None) -> tuple[Any, ...]:
    """The fields of a node's result after ``estimated``, in order (see :data:`Static`)."""
    return (
        criterion.name_en,
        criterion.responsible,
        due,
        criterion.assessor.value,
        criterion.children,
        criterion.defined_in,
    )


def picker(indices: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function giving the items of a list at ``indices``, as a tuple."""
    if not indices:
        return lambda items: ()
    if len(indices) == 1:
        (only,) = indices
        return lambda items: (items[only],)
    return itemgetter(*indices)


class Year:
    """The parts of a plan that depend on the assessed year: deadlines, and what results show."""

    __slots__ = ("due", "due_text", "fixed", "memo", "not_applicable", "static")

    def __init__(self, plan: Plan, period: int) -> None:
        deadlines = plan.ruleset.deadlines(period)
        self.due = [deadlines[node.code] for node in plan.nodes]
        self.due_text = [day.isoformat() for day in self.due]
        # What every result of each node repeats, with the due date as results show it.
        self.static: list[Static] = [
            (node.static, _tail(node.criterion, due if node.criterion.due is not None else None))
            for node, due in zip(plan.nodes, self.due, strict=True)
        ]
        #: The record of each leaf when it does not apply to a unit.
        self.not_applicable: list[Figures] = [(*node.not_applicable, [None]) for node in plan.nodes]
        #: The records of waiting leaves that show no input of the unit, which are the
        #: same for every unit, by (node, step, estimate).
        self.fixed: dict[tuple[int, str, bool], Figures] = {}
        #: Recent records of each node, by what they were scored from (see Scorer).
        self.memo = [Memo() for _ in plan.nodes]


class Plan:
    """A rule set compiled for scoring: its nodes in the order they are scored.

    Children come before their parent (fields first, then bonus and penalty nodes),
    which is the order in which the recursive definition visits the leaves, so
    problems are logged in the same order.
    """

    __slots__ = (
        "adjustments",
        "codes",
        "driver",
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
        "steps",
        "units",
        "used",
        "years",
    )

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        #: The steps written out as one function (:mod:`._driver`), and how many units
        #: were scored before it was.
        self.driver: Callable[[Any], None] | None = None
        self.units = 0
        codes = list(ruleset.criteria)
        index = {code: i for i, code in enumerate(codes)}
        self.nodes = [
            PlanNode(node, tuple(index[c] for c in node.children), ruleset)
            for node in ruleset.criteria.values()
        ]
        scopes(self.nodes, ruleset)
        self.fields = tuple(index[c] for c in ruleset.fields)
        self.field_pick = picker(self.fields)
        #: What the fields' maxima add up to, and the region of the whole (see PlanNode).
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
        #: The nodes in scoring order, each with how it is scored: a parent (:data:`PARENT`),
        #: or a leaf's way (:attr:`PlanNode.quick`).
        self.steps = tuple(
            (i, self.nodes[i], self.nodes[i].quick if self.nodes[i].is_leaf else PARENT)
            for i in order
        )
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
        self.years: dict[int, Year] = {}
        #: Expression namespaces free to serve the next unit (:meth:`Scorer.make_namespace`).
        self.spare: list[tuple[Values, Namespace]] = []
        #: The inputs each node's trace records (see PlanNode.used), in the plan's order.
        self.used = [node.used for node in self.nodes]

    def year(self, period: int) -> Year:
        found = self.years.get(period)
        if found is None:
            found = self.years[period] = Year(self, period)
        return found


def scopes(nodes: Sequence[PlanNode], ruleset: Ruleset) -> None:
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


def plan_for(ruleset: Ruleset) -> Plan:
    """The rule set's scoring plan, made on first use and kept with the rule set."""
    memo = ruleset._memo
    plan: Plan | None = memo.get("evaluator")
    if plan is None:
        plan = memo["evaluator"] = Plan(ruleset)
    return plan


class Values(Mapping[str, InputValue]):
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
#: A node whose records are found again less than one time in five, over any run of
#: this many records made afresh, stops being kept: a figure that differs for every unit
#: (a count of files). Each run is judged on its own, so that a node kept for one
#: unit scored again and again is given up once different units come.
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


class Memo:
    """One node's recent records, by what they were made from, while they are found again.

    Bounded (:data:`_MEMO_SIZE`), and given up for a node whose records are rarely
    found again (:data:`_TRIAL`), so memory stays flat however many units are scored.
    ``hits`` and ``misses`` count records found again and made afresh since the last
    run of :data:`_TRIAL` misses was judged.
    """

    __slots__ = ("entries", "hits", "misses", "on")

    def __init__(self) -> None:
        self.entries: dict[tuple[object, ...], Any] = {}
        self.hits = self.misses = 0
        self.on = True

    def keep(self, key: tuple[object, ...], value: object) -> bool:
        """Keep ``value`` under ``key``; whether it is kept (and so stays alive)."""
        self.misses += 1
        if self.misses >= _TRIAL:
            if self.hits * 4 < self.misses:
                self.on = False
                self.entries.clear()
                return False
            self.hits = self.misses = 0  # the next run is judged on its own
        if len(self.entries) >= _MEMO_SIZE:
            self.entries.clear()
        self.entries[key] = value
        return True
