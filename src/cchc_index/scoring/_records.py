"""A unit's scoring as recorded: every node's figures as plain values, made into results when read.

Scoring (:mod:`cchc_index.scoring._scorer`) records each node as a tuple (:data:`Figures`);
the :class:`~cchc_index.scoring.result.NodeResult` of a node, with its trace, is assembled
from it only when the result's node is first read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..language._makers import maker
from ..language.model import InputSpec
from ..language.trace import RawStep, Step, Used, make_steps, make_trace, make_used
from .data import Statements
from .result import NodeResult
from .status import Status

__all__ = ["UNSCORED", "Figures", "Fixed", "Made", "RawTrace", "Record"]

_ZERO = Decimal(0)


#: A trace as scoring records it: the kind, whether it shows the inputs the node's rule
#: reads, and the steps (:data:`~cchc_index.language.trace.RawStep`, or :class:`Step` objects from a
#: kind of one's own). It becomes a :class:`Trace` when the node's result is read.
RawTrace = tuple[str, bool, tuple[Step | RawStep, ...]]
#: Where the :class:`NodeResult` made of a record is kept: one item, ``None`` until made.
Made = list[NodeResult | None]
#: A node's record, as scoring makes it: max, points, pending, lost, status, whether it
#: is an estimate, its trace, and the node's result once it is made (:data:`Made`).
#: Plain values are cheap to make. A record is reused only for units whose result for the
#: node is the same in every respect (see :class:`Memo`), so that result is made once.
Figures = tuple[Decimal, Decimal, Decimal, Decimal, Status, bool, RawTrace, Made]
#: The figures of a record that is the same for every unit, without the result made of it.
Fixed = tuple[Decimal, Decimal, Decimal, Decimal, Status, bool, RawTrace]


class Record:
    """One layer of one unit as scored: every node's record, in the rule set's order.

    The scorer fills it in; a node's :class:`NodeResult`, and its :class:`Trace`, are made
    from it when the result's node is first read (:class:`~cchc_index.scoring.result.LazyNodes`),
    so a result that is only totalled never makes them.
    """

    __slots__ = ("estimated", "figures", "shown", "specs", "static", "values")

    def __init__(
        self,
        used: Sequence[tuple[tuple[str, str | None], ...]],
        static: Sequence[Static],
        specs: Mapping[str, InputSpec],
        known: Statements,
    ) -> None:
        self.shown = used
        self.static = static
        self.specs = specs
        self.values = known.inputs
        self.estimated = known.estimated
        self.figures: list[Figures] = [UNSCORED] * len(used)

    def node(self, i: int) -> NodeResult:
        """The result of the node at ``i``, made from what its scoring recorded, once."""
        figures = self.figures[i]
        found = figures[7][0]
        if found is not None:
            return found
        (
            maximum,
            points,
            pending,
            lost,
            status,
            estimated,
            (kind, shows_inputs, steps),
            made,
        ) = figures
        head, tail = self.static[i]
        trace = make_trace(kind, self.used(i) if shows_inputs else (), make_steps(steps))
        found = made[0] = _node_result(
            *head, maximum, points, pending, lost, status, trace, estimated, *tail
        )
        return found

    def every(self) -> tuple[NodeResult, ...]:
        """Every node's result, in order: those made already (another unit's, perhaps)
        as they are, the others made now."""
        node = self.node
        return tuple([figures[7][0] or node(i) for i, figures in enumerate(self.figures)])

    def used(self, i: int) -> tuple[Used, ...]:
        """The trace record of the inputs the leaf's rule reads, in name order."""
        values, estimated, specs = self.values, self.estimated, self.specs
        return tuple(
            [
                make_used(name, kind or specs[name].type.value, values[name], name in estimated)
                for name, kind in self.shown[i]
                if name in values
            ]
        )


#: What every result of a node repeats, in the order of :class:`NodeResult`'s fields: its
#: code and name, then its English name, office, deadline, assessor, children and origin.
Static = tuple[tuple[str, str], tuple[Any, ...]]
#: Makes a node's result from every field's value (see :mod:`cchc_index.language._makers`).
_node_result = maker(NodeResult)

#: What a node's record is before it is scored (every scored node has its own).
UNSCORED: Figures = (_ZERO, _ZERO, _ZERO, _ZERO, Status.FAILED, False, ("", False, ()), [None])
