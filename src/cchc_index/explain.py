"""Traces in words: why a node scored what it did, said the way an officer would say it.

A :class:`~cchc_index.trace.Trace` is data written by the code that scored the
node (rule kind, inputs used, steps). :func:`explain` turns it into an
:class:`Explanation`: the figures used, every step, a one-line ``reason`` for
the points not obtained (what a report writes after each lost point) and, when
the rules are at hand, the ``next_step`` up (the next band, level or item).
Nothing is scored again: the words come from the trace alone, and the rule set
is read only to name inputs and to find the next step.

Everything in an explanation is a :class:`~cchc_index.i18n.Message`, translated
where it is shown; so one explanation is printed in Vietnamese by the command
line and in English by a web service. Rates are written as percentages
(``89,4 %``) with as few decimals as keep them on the right side of every bound
of the rule, so a rate just under 95 % is never shown as "95 %".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from attrs import frozen

from ._shown import day, near, parse_interval, percent, quantity
from .i18n import N_, Message, Named, msg
from .kinds.bands import Band, Bands
from .kinds.check import Check
from .kinds.deduct import Deduct
from .kinds.levels import Levels
from .kinds.linear import Linear
from .kinds.per_item import PerItem
from .model import InputSpec, InputType, Ruleset
from .numbers import plain
from .result import NodeResult, Result, Status
from .trace import Step, Trace, Used

__all__ = ["Explanation", "explain", "explain_node", "quantity"]

#: Each status in words: the one table every renderer uses.
STATUS_WORDS: Final[Mapping[Status, str]] = {
    Status.ACHIEVED: N_("achieved"),
    Status.PARTIAL: N_("partial"),
    Status.FAILED: N_("failed"),
    Status.NOT_DUE: N_("not yet due"),
    Status.NOT_APPLICABLE: N_("not applicable"),
    Status.MISSING: N_("missing"),
}
#: Each scoring kind (and a parent's way of adding up) in words.
KIND_WORDS: Final[Mapping[str, str]] = {
    "check": N_("yes or no"),
    "bands": N_("step bands"),
    "linear": N_("proportional"),
    "per_item": N_("points per item, capped"),
    "levels": N_("graded levels"),
    "deduct": N_("deduction"),
    "relative": N_("relative to the group"),
    "formula": N_("formula"),
    "manual": N_("points given by an assessor"),
    "sum": N_("the sum of its criteria"),
    "rescale": N_("the sum of its criteria, rescaled"),
    "adjusted": N_("the sum of the fields, with bonus and penalty"),
}
#: A linear step's detail: ``zero 0, full 100, points 9.2``.
_LINEAR = re.compile(r"zero (\S+), full (\S+), points (\S+)")
_HUNDRED: Final = Decimal(100)


@frozen(kw_only=True)
class Explanation:
    """One node's score in words: what it got, from which figures, through which steps, and why.

    ``reason`` says in one line why points were not obtained (``None`` when every
    point was obtained or the node does not apply); ``next_step`` what the rule gives
    next (``None`` when not known: the rules are not at hand, or nothing is above);
    ``needs`` the smallest change of figures that reaches more points, from the
    what-if search (:meth:`~cchc_index.Result.opportunities`), already in the
    language it was asked in.
    """

    code: str
    name: Named
    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal
    status: Status
    kind: str
    estimated: bool = False
    responsible: str | None = None
    due: date | None = None
    assessor: str = "self"
    figures: tuple[Message, ...] = ()
    steps: tuple[Message, ...] = ()
    reason: Message | None = None
    next_step: Message | None = None
    children: tuple[Message, ...] = ()
    needs: Message | None = None

    @property
    def status_word(self) -> Message:
        """The status in words (``chưa đến hạn``, ``not yet due``)."""
        return msg(STATUS_WORDS[self.status])

    @property
    def kind_word(self) -> Message:
        """How the node is scored, in words (``step bands``); the kind's name if it has none."""
        return msg(KIND_WORDS.get(self.kind, self.kind))

    @property
    def headline(self) -> Message:
        """``3.4.1 Tỷ lệ …: 2 of 4 points (partial)``."""
        return msg(
            "{code} {name}: {points} of {max} ({status})",
            code=self.code,
            name=self.name,
            points=self.points,
            max=quantity(self.max),
            status=self.status_word,
        )


def explain(result: Result, code: str, *, whatif: bool = True) -> Explanation:
    """The node ``code`` of ``result`` in words.

    An unknown code raises :class:`~cchc_index.UnknownCodeError` (with a "did you
    mean"). With ``whatif`` (and a result that still knows its rules and data, as
    :func:`~cchc_index.evaluate` gives it) the explanation also says what it takes to
    get more points.
    """
    node = result[code]
    ruleset = result.context.ruleset if result.context is not None else None
    needs = None
    # Where points are only pending, the reason (not yet due, and when) says all there is.
    if whatif and result.context is not None and node.is_leaf and node.lost:
        found = [o for o in result.opportunities() if o.code == code]
        needs = found[0].advice if found else None
    explained = explain_node(node, ruleset, result=result)
    return explained if needs is None else _with_needs(explained, needs)


def explain_node(
    node: NodeResult, ruleset: Ruleset | None = None, *, result: Result | None = None
) -> Explanation:
    """One node result in words, from its trace; ``ruleset`` names inputs and finds the next step.

    ``result`` (the whole result) lets a parent list its children.
    """
    words = _Words(node, ruleset)
    children: tuple[Message, ...] = ()
    if result is not None and node.children:
        children = tuple(_child(result[c]) for c in node.children if c in result)
    return Explanation(
        code=node.code,
        name=Named(node.name, node.name_en),
        max=node.max,
        points=node.points,
        pending=node.pending,
        lost=node.lost,
        status=node.status,
        kind=node.trace.kind,
        estimated=node.estimated,
        responsible=node.responsible,
        due=words.due,
        assessor=node.assessor,
        figures=tuple(words.figure(used) for used in node.trace.used),
        steps=tuple(words.steps()),
        reason=words.reason(),
        next_step=words.next_step(),
        children=children,
    )


def _with_needs(explained: Explanation, needs: Message) -> Explanation:
    from attrs import evolve

    return evolve(explained, needs=needs)


def _child(node: NodeResult) -> Message:
    return msg(
        "{code} {name}: {points} of {max} ({status})",
        code=node.code,
        name=Named(node.name, node.name_en),
        points=node.points,
        max=quantity(node.max),
        status=msg(STATUS_WORDS[node.status]),
    )


class _Words:
    """The words of one node's trace; the rule set (if any) names inputs and gives next steps."""

    def __init__(self, node: NodeResult, ruleset: Ruleset | None) -> None:
        self.node = node
        self.trace: Trace = node.trace
        self.inputs: Mapping[str, InputSpec] = ruleset.inputs if ruleset is not None else {}
        criterion = ruleset.criteria.get(node.code) if ruleset is not None else None
        self.rule = criterion.rule if criterion is not None else None
        self.used = {u.name: u for u in self.trace.used}
        self.bounds = self._bounds()

    # -- what the trace holds, read -------------------------------------------------

    @property
    def due(self) -> date | None:
        """The deadline that applies: the node's own, or the one its waiting step names."""
        if self.node.due is not None:
            return self.node.due
        for what in ("not_due", "missing"):
            found = self.trace.step(what)
            if found is not None and found.detail:
                try:
                    return date.fromisoformat(found.detail)
                except ValueError:
                    return None
        return None

    def label(self, name: str) -> Named:
        """An input's label (its name when the rules are not at hand)."""
        spec = self.inputs.get(name)
        if spec is None:
            return Named(name)
        return Named(spec.label or name, spec.label_en)

    def source_type(self, source: str | None) -> str | None:
        """How a metric is written: ``percent``, ``share`` (0 … 1, shown as %), or ``None``."""
        if source is None:
            return None
        used = self.used.get(source)
        kind = used.type if used is not None else None
        if kind is None and source in self.inputs:
            kind = self.inputs[source].type.value
        if kind == InputType.PERCENT.value:
            return "percent"
        if kind == InputType.RATIO.value or source.replace(" ", "").startswith("div("):
            return "share"
        return None

    def _bounds(self) -> list[Decimal]:
        """Every bound of the rule's bands (the trace's band if the rules are not at hand)."""
        found: list[Decimal] = []
        if isinstance(self.rule, Bands):
            for band in self.rule.bands:
                found.extend(b for b in (band.low, band.high) if b is not None)
        matched = self.trace.step("band")
        if matched is not None and matched.detail and (parsed := parse_interval(matched.detail)):
            found.extend(b for b in (parsed.low, parsed.high) if b is not None)
        return found

    def number(self, what: str, default: Decimal = Decimal(0)) -> Decimal:
        """The value of the first step named ``what`` (``default`` when there is none)."""
        found = self.trace.step(what)
        return found.value if found is not None and found.value is not None else default

    def metric_source(self) -> str | None:
        metric = self.trace.step("metric") or self.trace.step("items")
        return metric.detail if metric is not None else None

    # -- numbers and figures --------------------------------------------------------

    def value(self, value: Decimal, source: str | None) -> object:
        """A metric's value as a message parameter: a rate as a percentage, else the number."""
        shape = self.source_type(source)
        if shape == "percent":
            return percent(value)
        if shape == "share":
            return percent(near(value * _HUNDRED, [b * _HUNDRED for b in self.bounds]))
        return near(value, self.bounds)

    def bound(self, value: Decimal, source: str | None) -> object:
        """A band's bound as a message parameter, written like the metric."""
        shape = self.source_type(source)
        if shape == "percent":
            return percent(value)
        if shape == "share":
            return percent(plain(value * _HUNDRED))
        return plain(value)

    def shown(self, used: Used) -> object:
        """An input's value as a message parameter: yes/no, a number, a percentage, a date."""
        value = used.value
        shown: object
        if isinstance(value, bool):
            shown = msg("yes") if value else msg("no")
        elif isinstance(value, date):
            shown = day(value)
        elif isinstance(value, int):
            shown = Decimal(value)
        elif isinstance(value, Decimal):
            if used.type == InputType.PERCENT.value:
                shown = percent(value)
            elif used.type == InputType.RATIO.value:
                shown = percent(plain(value * _HUNDRED))
            else:
                shown = plain(value)
        else:
            shown = value
        return msg("{value} (estimate)", value=shown) if used.estimated else shown

    def figure(self, used: Used) -> Message:
        """``label: value`` of one input used."""
        return msg("{label}: {value}", label=self.label(used.name), value=self.shown(used))

    def metric(self) -> object:
        """The metric as a message parameter: an input's ``label: value``, or the value."""
        step = self.trace.step("metric")
        if step is None or step.value is None:
            return ""
        source = step.detail
        if source is not None and source in self.used:
            return self.figure(self.used[source])
        return self.value(step.value, source)

    def band(self, detail: str | None, source: str | None) -> object:
        """A band's interval in words (``≥ 85 % and < 95 %``), or its text if unreadable."""
        parsed = parse_interval(detail or "")
        return detail or "" if parsed is None else self.interval(parsed, source)

    def interval(self, band: Band, source: str | None) -> Message:
        low = high = None
        if band.low is not None:
            sign = "≥" if band.low_inclusive else ">"
            low = msg("{sign} {value}", sign=sign, value=self.bound(band.low, source))
        if band.high is not None:
            sign = "≤" if band.high_inclusive else "<"
            high = msg("{sign} {value}", sign=sign, value=self.bound(band.high, source))
        if low is not None and high is not None:
            return msg("{low} and {high}", low=low, high=high)
        return low or high or msg("any value")

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
