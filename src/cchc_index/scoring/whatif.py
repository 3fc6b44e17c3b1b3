"""What-if: where a unit's next points are, and the smallest change of its figures that gets them.

For every leaf that lost points or has points pending, :func:`opportunities` says
what the next attainable points are (``gain``), what it takes (``needs``: the input
changes, in words, and ``changes``), and who is responsible.

The search is generic over scoring kinds: the leaf is scored again with one figure
changed, and the smallest change that reaches the target wins. The target is the
next step up (the next band, one more item, one fewer occurrence, the next level,
yes instead of no) or, for proportional and formula rules, full points. A change
must keep every declared constraint: where an equality ties counts together
(``files_resolved == files_on_time + files_late``) files are moved between them
rather than created. A whole that bounds a part (``files_on_time <= files_resolved``)
is never lowered: fewer files received is not something a unit can aim at. A gain
never exceeds the leaf's lost plus pending points.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import frozen

from ..errors import CchcIndexError
from ..i18n import Joined, Message, Named, format_day, msg
from ..kinds import Rule, ScoringContext
from ..language.expressions import Namespace
from ..language.model import InputSpec, InputType, Ruleset
from ..language.trace import InputValue
from ..numbers import CONTEXT
from .data import Statements
from .status import Status

if TYPE_CHECKING:
    from .result import NodeResult, Result

__all__ = ["InputChange", "Opportunity", "opportunities"]

#: Kinds whose points grow smoothly: their target is full points, not the next step.
CONTINUOUS_KINDS = frozenset({"linear", "formula"})
#: How far a figure is pushed before the search gives up (doubling steps).
_MAX_DOUBLINGS = 40
#: The smallest step of a figure, by input type.
_STEP = {
    InputType.COUNT: Decimal(1),
    InputType.NUMBER: Decimal("0.01"),
    InputType.PERCENT: Decimal("0.01"),
    InputType.RATIO: Decimal("0.0001"),
}


@frozen
class InputChange:
    """One figure changed: its name, its value now and the value needed."""

    name: str
    before: InputValue
    after: InputValue


@frozen(kw_only=True)
class Opportunity:
    """The next attainable points of one leaf, and what they take.

    ``needs`` says what it takes in the language asked of
    :meth:`~cchc_index.Result.opportunities`; ``advice`` is the same as a
    :class:`~cchc_index.Message`, for showing it in another.
    """

    code: str
    name: str
    gain: Decimal
    needs: str
    advice: Message
    changes: tuple[InputChange, ...] = ()
    responsible: str | None = None
    status: Status = Status.FAILED


def opportunities(
    result: Result, ruleset: Ruleset, known: Statements, *, locale: str = "vi"
) -> list[Opportunity]:
    """Every leaf's next points, largest gain first (then decree order)."""
    found = [
        found
        for node in result.walk()
        if node.is_leaf and node.status is not Status.NOT_APPLICABLE and node.lost + node.pending
        for found in [_opportunity(node, ruleset, known, result, locale)]
        if found is not None
    ]
    order = {code: i for i, code in enumerate(result.nodes)}
    return sorted(found, key=lambda o: (-o.gain, order[o.code]))


def _opportunity(
    node: NodeResult, ruleset: Ruleset, known: Statements, result: Result, locale: str
) -> Opportunity | None:
    criterion = ruleset.criteria[node.code]
    rule = criterion.rule
    assert rule is not None
    base: dict[str, Any] = {"code": node.code, "name": node.name, "responsible": node.responsible}
    if node.status is Status.NOT_DUE:
        due = node.trace.step("not_due")
        when = format_day(date.fromisoformat(due.detail), locale) if due and due.detail else ""
        needs = msg("not yet due (deadline {day})", day=when)
        if node.trace.step("group_needed"):
            needs = msg("scored with the group")
        elif node.trace.step("province"):
            needs = msg("awaits the province's assessment")
        return Opportunity(
            gain=node.pending, needs=needs.text(locale), advice=needs, status=node.status, **base
        )
    if node.status is Status.MISSING or not rule.names:
        needs = (
            msg("figures not given")
            if node.status is Status.MISSING
            else msg("points given by the assessor")
        )
        return Opportunity(
            gain=node.lost, needs=needs.text(locale), advice=needs, status=node.status, **base
        )
    search = _Search(ruleset, known, node, rule, result)
    best = search.best()
    if best is None:
        return None
    points, changes = best
    shown = Joined(tuple(_describe(c, ruleset.inputs[c.name]) for c in changes))
    needs = msg("{changes} → {points} points", changes=shown, points=points)
    return Opportunity(
        gain=points - node.points,
        needs=needs.text(locale),
        advice=needs,
        changes=changes,
        status=node.status,
        **base,
    )


def _describe(change: InputChange, spec: InputSpec) -> Message:
    label = Named(spec.label or spec.name, spec.label_en)
    before, after = _show(change.before), _show(change.after)
    if isinstance(change.before, bool) or not isinstance(change.before, int | Decimal):
        return msg("{label}: {before} → {after}", label=label, before=before, after=after)
    delta = Decimal(change.after) - Decimal(change.before)  # type: ignore[arg-type]
    return msg(
        "{label} {before} → {after} ({delta:+})",
        label=label,
        before=before,
        after=after,
        delta=delta,
    )


def _show(value: InputValue) -> object:
    """A figure as a message parameter: yes/no translated, numbers written the reader's way."""
    if isinstance(value, bool):
        return msg("yes") if value else msg("no")
    if isinstance(value, int):
        return Decimal(value)
    return value


def _wholes(ruleset: Ruleset) -> frozenset[str]:
    """Inputs that bound another from above in a constraint (``part <= whole``)."""
    found: set[str] = set()
    for constraint in ruleset.constraints:
        tree = ast.parse(constraint.expression.text, mode="eval").body
        if not isinstance(tree, ast.Compare) or len(tree.ops) != 1:
            continue
        op, left, right = tree.ops[0], tree.left, tree.comparators[0]
        if isinstance(op, ast.LtE | ast.Lt) and isinstance(right, ast.Name):
            found.add(right.id)
        elif isinstance(op, ast.GtE | ast.Gt) and isinstance(left, ast.Name):
            found.add(left.id)
    return frozenset(found)


class _Search:
    """Rescoring one leaf with one figure changed, to find the smallest change that pays."""

    def __init__(
        self, ruleset: Ruleset, known: Statements, node: NodeResult, rule: Rule, result: Result
    ) -> None:
        self.ruleset = ruleset
        self.known = known
        self.node = node
        self.rule = rule
        self.max = ruleset.criteria[node.code].max
        continuous = rule.name in CONTINUOUS_KINDS
        self.target = self.max if continuous else None  # None: anything above the current
        self.group = result.context.group.get(node.code) if result.context else None
        self.wholes = _wholes(ruleset)

    def points(self, values: Mapping[str, InputValue]) -> Decimal | None:
        """The leaf's points with ``values``, or ``None`` if they break a constraint."""
        namespace = Namespace(values)
        for constraint in self.ruleset.constraints:
            if constraint.expression.names <= values.keys():
                try:
                    if constraint.expression.evaluate(namespace) is not True:
                        return None
                except CchcIndexError:
                    return None
        ctx = ScoringContext(
            code=self.node.code,
            max=self.max,
            values=values,
            specs=self.ruleset.inputs,
            namespace=namespace,
            group=self.group,
        )
        try:
            with decimal.localcontext(CONTEXT):
                raw = min(max(self.rule.score(ctx).points, Decimal(0)), self.max)
                # Full points are aimed at unrounded: 80 %, not the 79,9 % that rounds up.
                if self.target is not None:
                    return raw
                return min(self.ruleset.rounding(raw), self.max)
        except (CchcIndexError, ArithmeticError):
            return None

    def reached(self, points: Decimal | None) -> bool:
        if points is None:
            return False
        return points >= self.target if self.target is not None else points > self.node.points

    def best(self) -> tuple[Decimal, tuple[InputChange, ...]] | None:
        """The reaching change of fewest steps, with the points it gives."""
        found: list[tuple[Decimal, int, Decimal, tuple[InputChange, ...]]] = []
        for order, (size, values, changes) in enumerate(self.candidates()):
            points = self.points(values)
            if self.reached(points):
                assert points is not None
                found.append((size, order, points, changes))
        if not found:
            return None
        _, _, points, changes = min(found, key=lambda f: (f[0], f[1]))
        return min(self.ruleset.rounding(points), self.max), changes

    def candidates(
        self,
    ) -> Iterator[tuple[Decimal, dict[str, InputValue], tuple[InputChange, ...]]]:
        """Single changes that reach the target: (relative size, values, changes)."""
        values = self.known.inputs
        for name in sorted(self.rule.names):
            if name not in values:
                continue
            spec = self.ruleset.inputs[name]
            value = values[name]
            if spec.type is InputType.BOOL:
                yield (
                    Decimal(1),
                    {**values, name: not value},
                    (InputChange(name, value, not value),),
                )
            elif spec.type is InputType.LEVEL:
                for level in spec.levels:
                    if level != value:
                        changed = {**values, name: level}
                        yield Decimal(1), changed, (InputChange(name, value, level),)
            elif spec.type in _STEP:
                directions = (1,) if name in self.wholes else (1, -1)
                for partner in [None, *self.partners(name)]:
                    for direction in directions:
                        move = self.smallest(name, partner, direction)
                        if move is not None:
                            yield move

    def partners(self, name: str) -> list[str]:
        """Counts tied to ``name`` by an equality constraint: moves go between them."""
        tied: list[str] = []
        for constraint in self.ruleset.constraints:
            if "==" in constraint.expression.text and name in constraint.expression.names:
                tied.extend(
                    other
                    for other in sorted(constraint.expression.names)
                    if other != name
                    and other in self.known.inputs
                    and self.ruleset.inputs[other].type is self.ruleset.inputs[name].type
                    and other not in tied
                )
        return tied

    def shifted(
        self, name: str, partner: str | None, steps: int, direction: int
    ) -> tuple[dict[str, InputValue], tuple[InputChange, ...]] | None:
        spec = self.ruleset.inputs[name]
        values = self.known.inputs
        delta = _STEP[spec.type] * steps * direction
        changed = dict(values)
        changes = []
        for target, sign in ((name, 1), (partner, -1)):
            if target is None:
                continue
            before = values[target]
            after = Decimal(before) + sign * delta  # type: ignore[arg-type]
            low, high = self.ruleset.inputs[target].bounds()
            if (low is not None and after < low) or (high is not None and after > high):
                return None
            new: InputValue = int(after) if isinstance(before, int) else after
            changed[target] = new
            changes.append(InputChange(target, before, new))
        return changed, tuple(changes)

    def limit(self, name: str, partner: str | None, direction: int) -> int | None:
        """The most steps the moved figures' bounds allow (``None``: unbounded)."""
        step = _STEP[self.ruleset.inputs[name].type]
        most: int | None = None
        for target, sign in ((name, direction), (partner, -direction)):
            if target is None:
                continue
            low, high = self.ruleset.inputs[target].bounds()
            edge = high if sign > 0 else low
            if edge is None:
                continue
            room = abs(edge - Decimal(self.known.inputs[target]))  # type: ignore[arg-type]
            steps = int(room / step)
            most = steps if most is None else min(most, steps)
        return most

    def smallest(
        self, name: str, partner: str | None, direction: int
    ) -> tuple[Decimal, dict[str, InputValue], tuple[InputChange, ...]] | None:
        """The fewest steps of ``name`` (moved to or from ``partner``) that reach the target."""

        def works(steps: int) -> bool:
            moved = self.shifted(name, partner, steps, direction)
            return moved is not None and self.reached(self.points(moved[0]))

        def valid(steps: int) -> bool:
            moved = self.shifted(name, partner, steps, direction)
            return moved is not None and self.points(moved[0]) is not None

        limit = self.limit(name, partner, direction)
        low, high = 0, 1 if limit is None else min(1, limit)
        for _ in range(_MAX_DOUBLINGS):
            if high == 0:
                return None
            if works(high):
                break
            if not valid(high) or high == limit:
                return None
            low, high = high, high * 2 if limit is None else min(high * 2, limit)
        else:
            return None
        while high - low > 1:  # the reach is monotone in the size of a valid move
            middle = (low + high) // 2
            low, high = (low, middle) if works(middle) else (middle, high)
        moved = self.shifted(name, partner, high, direction)
        assert moved is not None
        before = self.known.inputs[name]
        scale = abs(Decimal(before)) if before else Decimal(1)  # type: ignore[arg-type]
        return Decimal(high) * _STEP[self.ruleset.inputs[name].type] / scale, *moved
