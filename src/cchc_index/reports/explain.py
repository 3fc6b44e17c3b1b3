"""Traces in words: why a node scored what it did, said the way an officer would say it.

A :class:`~cchc_index.language.trace.Trace` is data written by the code that scored the
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

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from attrs import frozen

from ..i18n import N_, Message, Named, msg
from ..language.model import Ruleset
from ..scoring.result import NodeResult, Result, Status
from ._explain_words import _Words
from ._shown_values import quantity

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
