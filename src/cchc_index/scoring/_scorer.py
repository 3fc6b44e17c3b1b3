"""Running a unit: one layer of one unit's data scored bottom-up through the plan."""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import evolve

from ..errors import ExpressionError, ProblemLog
from ..i18n import msg
from ..kinds import ScoringContext
from ..language.expressions import Expression, Namespace, reference_in_force
from ..language.trace import RawStep, Step, Trace, make_steps
from ..numbers import CONTEXT, format_plain
from ._contexts import Contexts
from ._driver import driver
from ._plan import (
    _EXACT_TYPES,
    ONE_INPUT,
    PARENT,
    POINTS_GIVEN,
    Memo,
    Plan,
    PlanNode,
    Values,
    Year,
)
from ._records import Figures, Record
from ._states import (
    _ACHIEVED,
    _FAILED,
    _GROUP_NEEDED,
    _PARTIAL,
    _PROVINCE_NEEDED,
    Waiting,
    status_of,
)
from ._sums import Combining, _plain
from .data import Statements, UnitData
from .grades import grade
from .result import LazyNodes, Result, Scored

__all__ = ["Group", "Scorer"]

_ZERO = Decimal(0)
#: What a unit does not give.
_ABSENT: Any = object()


#: What a group-relative criterion compares with, by criterion code: the group's
#: statistic itself, or every unit's value (from which mean, median and rank follow).
Group = Mapping[str, Decimal | Sequence[Decimal]]


class Scorer(Combining, Waiting, Contexts):
    """Scores one layer of one unit bottom-up, collecting any expression failures."""

    def __init__(
        self,
        plan: Plan,
        year: Year,
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
        self.lent: tuple[Values, Namespace] | None = None
        #: The context the built-in kinds score with, one leaf after another.
        self.shared: ScoringContext | None = None
        self._log: ProblemLog | None = None
        self.record = Record(plan.used, year.static, plan.ruleset.inputs, known)
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
        leaf, parent, by_input, by_points = self.leaf, self.parent, self.by_input, self.by_points
        # The steps one by one: with the reference interpreter in force (against which the
        # driver is held), for a unit whose data marks its criteria, and for a plan's first
        # units; otherwise the plan's driver runs them.
        drive = (
            None if reference_in_force() or self.not_assigned or self.marked_nodes else driver(plan)
        )
        with decimal.localcontext(CONTEXT):
            if drive is None:
                for i, node, how in plan.steps:
                    if how is PARENT:
                        parent(i, node)
                    elif how is ONE_INPUT:
                        by_input(i, node)
                    elif how is POINTS_GIVEN:
                        by_points(i, node)
                    else:
                        leaf(i, node)
            else:
                drive(self)
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
            status=status_of(flags, points, pending, lost, maximum),
            estimated=flags[2],
            trace=Trace(kind, (), make_steps(steps)),
            nodes=LazyNodes(plan.scored, plan.index, self.record),
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

    def parent(self, i: int, node: PlanNode) -> None:
        kept, figures = self.kept, self.figures
        kids = node.pick(figures)
        # Children that are all kept records stand for their content by identity: a
        # parent of the very same children has the very same record. The entry holds
        # the children, so no other object can take one of their ids meanwhile.
        memo = self.memo[i]
        reuse = memo.on and all(node.pick(kept))
        key: tuple[int, ...] | None = None
        if reuse:
            key = tuple(map(id, kids))
            entry = memo.entries.get(key)
            if entry is not None:
                memo.hits += 1
                kept[i] = True
                figures[i] = entry[1]
                return
        self.summed(i, node, kids, key, memo)

    def summed(
        self,
        i: int,
        node: PlanNode,
        kids: tuple[Figures, ...],
        key: tuple[int, ...] | None,
        memo: Memo,
    ) -> None:
        """A parent's record made from its children's, kept under ``key`` if one is given."""
        maximum, points, pending, lost, trace, flags = self.combine(
            kids, node.max, nominal=node.nominal, defers=node.defers, region=node.region
        )
        record = self.figures[i] = (
            maximum,
            points,
            pending,
            lost,
            status_of(flags, points, pending, lost, maximum),
            flags[2],
            trace,
            [None],
        )
        if key is not None and memo.keep(key, (kids, record)):
            self.kept[i] = True

    def by_input(self, i: int, node: PlanNode) -> None:
        """A leaf whose rule reads one input (:data:`ONE_INPUT`), when the data gives it.

        What :meth:`leaf` does when the data says nothing of the leaf itself and gives
        its input, without asking again what the plan knows: the same key (see
        :meth:`key`) for the record of another unit that gave the same value, written
        the same way and marked the same, and else the same scoring (:meth:`score`).
        Anything else is left to :meth:`leaf`.
        """
        code = node.code
        if (self.not_assigned and code in self.not_assigned) or (
            self.marked_nodes and code in self.marked_nodes
        ):
            return self.leaf(i, node)
        memo = self.memo[i]
        single = node.single
        assert single is not None  # a ONE_INPUT leaf reads one
        value = self.values.get(single, _ABSENT)
        if value is _ABSENT:  # waiting for it
            return self.wait(i, node, single in self.estimated)
        kind = type(value)
        marked = single in self.estimated
        key: tuple[object, ...] | None
        if not memo.on:  # its records are not kept: scored afresh, as leaf() would
            key = None
        elif kind is Decimal or kind is float:
            key = (marked, kind, str(value), marked)
        elif kind in _EXACT_TYPES:
            key = (marked, kind, value, marked)
        else:
            return self.leaf(i, node)
        if key is not None:
            found = memo.entries.get(key)
            if found is not None:
                memo.hits += 1
                self.kept[i] = True
                self.figures[i] = found
                return None
        self.fresh(i, node, marked, key, memo)
        return None

    def fresh(
        self, i: int, node: PlanNode, marked: bool, key: tuple[object, ...] | None, memo: Memo
    ) -> None:
        """A leaf reading one input (:data:`ONE_INPUT`) scored afresh: no record to find."""
        code = node.code
        manual = self.manual.get(code) if self.manual else None
        group = self.group.get(code) if self.group else None
        self.score(i, node, None, manual, group, marked, key, memo)

    def by_points(self, i: int, node: PlanNode) -> None:
        """A leaf whose points the data gives (:data:`POINTS_GIVEN`): its record found again.

        As :meth:`by_input`, for the same points given, written the same way.
        """
        code = node.code
        manual = self.manual.get(code) if self.manual else None
        memo = self.memo[i]
        if (self.not_assigned and code in self.not_assigned) or (
            self.marked_nodes and code in self.marked_nodes
        ):
            return self.leaf(i, node)
        if manual is None:  # waiting, and no estimate: it reads no value
            return self.wait(i, node, False)
        if not memo.on:
            return self.leaf(i, node)
        found = memo.entries.get((False, type(manual), str(manual)))
        if found is None:
            return self.leaf(i, node)
        memo.hits += 1
        self.kept[i] = True
        self.figures[i] = found
        return None

    def wait(self, i: int, node: PlanNode, estimated: bool) -> None:
        """A usual leaf (:data:`ONE_INPUT`, :data:`POINTS_GIVEN`) the data gives nothing for.

        It waits as :meth:`leaf` would have it wait: neither the province's nor the
        group's to give (the plan says so), until its deadline.
        """
        # The deadline day itself is still in time: missing begins the day after.
        step = "not_due" if self.as_of <= self.year.due[i] else "missing"
        self.waiting(i, node, step, self.year.due_text[i], estimated)

    def leaf(self, i: int, node: PlanNode) -> None:
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
        self.score(i, node, ctx, manual, group, estimated, key, memo)

    def score(
        self,
        i: int,
        node: PlanNode,
        ctx: ScoringContext | None,
        manual: Decimal | None,
        group: Decimal | Sequence[Decimal] | None,
        estimated: bool,
        key: tuple[object, ...] | None,
        memo: Memo,
    ) -> None:
        """Score a leaf that is ready by its rule, and record it (under ``key`` if given)."""
        rule = node.rule
        assert rule is not None  # the loader guarantees a rule on every leaf
        code = node.code
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

    def applies(self, i: int, node: PlanNode, condition: Expression) -> bool | None:
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

    def located(self, node: PlanNode, exc: ExpressionError) -> None:
        """Log an expression's failure at the rule that wrote it, not at the data."""
        criterion = node.criterion
        file = criterion.defined_in.file if criterion.defined_in else None
        self.log.extend(
            evolve(p, where=evolve(p.where, file=file, line=criterion.line, node=node.code))
            for p in exc.problems
        )

    def key(
        self, node: PlanNode, manual: Decimal | None, estimated: bool
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

    def written(self, node: PlanNode, key: tuple[object, ...]) -> tuple[object, ...] | None:
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
