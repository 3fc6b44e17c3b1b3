"""A unit's scoring as recorded: every node's figures as plain values, made into results when read.

Scoring (:mod:`cchc_index.scoring._scorer`) records each node as a tuple (:data:`Figures`);
the :class:`~cchc_index.scoring.result.NodeResult` of a node is assembled from it only when
the result's node is first read, and the node's :class:`~cchc_index.language.trace.Trace`
only when its trace is first read (:class:`TraceRecord`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..language._makers import maker
from ..language.model import InputSpec
from ..language.trace import RawStep, Step, Trace, make_steps, make_trace, make_used
from .data import Statements
from .result import NodeResult
from .status import Status

__all__ = ["UNSCORED", "Figures", "Fixed", "Made", "RawTrace", "Record", "TraceRecord"]

_ZERO = Decimal(0)


#: A trace as scoring records it: the kind, whether it shows the inputs the node's rule
#: reads, and the steps (:data:`~cchc_index.language.trace.RawStep`, or :class:`Step` objects from a
#: kind of one's own). It becomes a :class:`Trace` when the node's trace is read.
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

    The scorer fills it in; a node's :class:`NodeResult` is made from it when the result's
    node is first read (:class:`~cchc_index.scoring.result.LazyNodes`), and its
    :class:`Trace` when the node's trace is first read (:class:`TraceRecord`), so a result
    that is only totalled never makes them.
    """

    __slots__ = ("figures", "inputs", "shown", "static")

    def __init__(
        self,
        used: Sequence[tuple[tuple[str, str | None], ...]],
        static: Sequence[Static],
        specs: Mapping[str, InputSpec],
        known: Statements,
    ) -> None:
        self.shown = used
        self.static = static
        #: What a trace shows of the inputs: their values, those that are estimates, and
        #: their declarations; one tuple for every node's TraceRecord.
        self.inputs = (known.inputs, known.estimated, specs)
        self.figures: list[Figures] = [UNSCORED] * len(used)

    def node(self, i: int) -> NodeResult:
        """The result of the node at ``i``, made from what its scoring recorded, once."""
        figures = self.figures[i]
        found = figures[7][0]
        if found is not None:
            return found
        head, tail = self.static[i]
        # The trace is laid out when it is read (see NodeResult.trace): most readers of a
        # node read its figures only.
        trace = _new_tuple(TraceRecord, (figures[6], self.shown[i], self.inputs))
        found = figures[7][0] = _node_result(head, figures, trace, tail)
        return found

    def every(self) -> tuple[NodeResult, ...]:
        """Every node's result, in order: those made already (another unit's, perhaps)
        as they are, the others made now."""
        node = self.node
        return tuple([figures[7][0] or node(i) for i, figures in enumerate(self.figures)])


class TraceRecord(tuple[Any, ...]):
    """A node's trace as scoring recorded it, laid out as a :class:`Trace` when read.

    Its items: the trace as recorded (:data:`RawTrace`); the inputs the node's trace may
    show, ``(name, declared type)`` in name order; and the unit's input values, those
    that are estimates, and the rule set's inputs (:attr:`Record.inputs`). A node's
    result holds it until its ``trace`` is first read (see
    :class:`~cchc_index.scoring.result.NodeResult`).
    """

    __slots__ = ()

    def lay_out(self) -> Trace:
        """The :class:`Trace`: each input shown that has a value, then each step."""
        (kind, shows_inputs, steps), shown, (values, estimated, specs) = self
        used = tuple(
            [
                make_used(name, type_ or specs[name].type.value, values[name], name in estimated)
                for name, type_ in shown
                if name in values
            ]
            if shows_inputs
            else ()
        )
        return make_trace(kind, used, make_steps(steps))


#: What every result of a node repeats, in the order of :class:`NodeResult`'s fields: its
#: code and name, then its English name, office, deadline, assessor, children and origin.
Static = tuple[tuple[str, str], tuple[Any, ...]]
#: Makes a node's result from its static head, its figures (their first six items), its
#: trace and its static tail, as they are (see :mod:`cchc_index.language._makers`).
_node_result = maker(
    NodeResult,
    ("code", "name"),
    ("max", "points", "pending", "lost", "status", "estimated"),
    "trace",
    ("name_en", "responsible", "due", "assessor", "children", "defined_in"),
)
_new_tuple = tuple.__new__

#: What a node's record is before it is scored (every scored node has its own).
UNSCORED: Figures = (_ZERO, _ZERO, _ZERO, _ZERO, Status.FAILED, False, ("", False, ()), [None])
