"""Results: every node's points, pending and lost points, status and trace.

At every node ``points + pending + lost == max`` exactly and
``0 <= points <= max``. ``pending`` are the points of criteria not yet due
(chưa đến hạn); ``lost`` are the points that failed or are missing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from attrs import field, frozen

from ..errors import InputError, Problem
from ..i18n import msg
from ..language.model import Origin, Ruleset, unknown_code
from ..language.trace import Trace
from ..numbers import format_plain
from .data import Statements
from .grades import GradeResult
from .status import Status

if TYPE_CHECKING:
    from .whatif import Opportunity

__all__ = ["LayerChange", "NodeResult", "Result", "Status"]

FORMAT_VERSION = 1


def _dec(value: Decimal) -> str:
    return format_plain(value)


@frozen(kw_only=True)
class NodeResult:
    """One node's result, with what the rule set says of the node (office, deadline).

    Its ``trace`` is laid out from what scoring recorded the first time it is read.
    """

    code: str
    name: str
    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal
    status: Status
    trace: Trace
    estimated: bool = False
    name_en: str | None = None
    responsible: str | None = None
    due: date | None = None
    assessor: str = "self"
    children: tuple[str, ...] = ()
    defined_in: Origin | None = None

    @property
    def potential(self) -> Decimal:
        """Points if everything pending is achieved: ``points + pending``."""
        return self.points + self.pending

    @property
    def is_leaf(self) -> bool:
        """Whether the node was scored by a rule rather than summed."""
        return not self.children

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; numbers as exact text (``"64.7"``)."""
        return {
            "code": self.code,
            "name": self.name,
            "name_en": self.name_en,
            "max": _dec(self.max),
            "points": _dec(self.points),
            "pending": _dec(self.pending),
            "lost": _dec(self.lost),
            "status": self.status.value,
            "estimated": self.estimated,
            "responsible": self.responsible,
            "due": None if self.due is None else self.due.isoformat(),
            "assessor": self.assessor,
            "children": list(self.children),
            "defined_in": None
            if self.defined_in is None
            else {"ruleset": self.defined_in.ruleset, "file": self.defined_in.file},
            "trace": self.trace.to_dict(),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> NodeResult:
        """Inverse of :meth:`to_dict`."""
        due = raw.get("due")
        origin = raw.get("defined_in")
        return cls(
            code=raw["code"],
            name=raw["name"],
            name_en=raw.get("name_en"),
            max=Decimal(raw["max"]),
            points=Decimal(raw["points"]),
            pending=Decimal(raw["pending"]),
            lost=Decimal(raw["lost"]),
            status=Status(raw["status"]),
            estimated=bool(raw.get("estimated", False)),
            responsible=raw.get("responsible"),
            due=None if due is None else date.fromisoformat(due),
            assessor=raw.get("assessor", "self"),
            children=tuple(raw.get("children", ())),
            defined_in=None if origin is None else Origin(**origin),
            trace=Trace.from_dict(raw["trace"]),
        )


class _TraceWhenRead:
    """:attr:`NodeResult.trace`: the field's own slot, holding a :class:`Trace` or a record of one.

    A result's node is made from what scoring recorded (:mod:`cchc_index.scoring._records`),
    and most readers of a node never read its trace: a walk over every node, a report of
    figures. So the node may hold the record, and the :class:`Trace` is laid out from it
    the first time ``trace`` is read, then kept in the slot. Every reader, attrs' own
    methods among them (``==``, ``hash``, ``repr``, ``evolve``, pickling), reads through
    this descriptor and sees a :class:`Trace`; nothing recomputes the scoring.
    """

    __slots__ = ("slot",)

    def __init__(self, slot: Any) -> None:
        #: The slot's own descriptor, which stores the value.
        self.slot = slot

    def __get__(self, node: NodeResult | None, owner: type | None = None) -> Any:
        if node is None:
            return self
        trace = self.slot.__get__(node, owner)
        if type(trace) is Trace:
            return trace
        # A record of scoring's (TraceRecord) lays itself out.
        lay_out: Callable[[], Trace] | None = getattr(trace, "lay_out", None)
        if lay_out is None:  # a Trace of a subclass, or whatever a caller gave
            return trace
        made: Trace = lay_out()
        # Two threads may lay out the same record at once: each makes an equal trace.
        self.slot.__set__(node, made)
        return made

    def __set__(self, node: NodeResult, value: object) -> None:
        self.slot.__set__(node, value)


setattr(NodeResult, "trace", _TraceWhenRead(NodeResult.__dict__["trace"]))  # noqa: B010


class Recorded(Protocol):
    """Where a result's nodes come from: scoring's record of them (see ``_records``)."""

    def node(self, i: int) -> NodeResult:
        """The result of the node at ``i``, made once and then the same object."""

    def every(self) -> tuple[NodeResult, ...]:
        """Every node's result, in order, each made once."""


class LazyNodes(Mapping[str, NodeResult]):
    """A result's nodes by code, each made the first time it is read.

    Scoring records every node's figures and trace as plain values (see
    :mod:`cchc_index.scoring.evaluator`); ``recorded`` makes the :class:`NodeResult` of a node
    from that record, once. To a reader it is a read-only mapping like any other; it
    is copied and pickled as a plain ``dict``.
    """

    __slots__ = ("_codes", "_every", "_index", "_recorded")

    def __init__(
        self, codes: tuple[str, ...], index: Mapping[str, int], recorded: Recorded
    ) -> None:
        self._codes = codes
        self._index = index
        self._recorded = recorded
        self._every: tuple[NodeResult, ...] | None = None

    def __getitem__(self, code: str) -> NodeResult:
        return self._recorded.node(self._index[code])

    def every(self) -> tuple[NodeResult, ...]:
        """Every node's result, in order: those not read yet are made now, once."""
        every = self._every
        if every is None:
            every = self._every = self._recorded.every()
        return every

    def values(self) -> ValuesView[NodeResult]:
        # Reading every node is the usual use (a walk, a report): in one go, not a lookup
        # by code each.
        return _Values(self)

    def items(self) -> ItemsView[str, NodeResult]:
        return _Items(self)

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[type[dict[str, NodeResult]], tuple[dict[str, NodeResult]]]:
        return dict, (dict(self),)


class _Values(ValuesView[NodeResult]):
    """The values of :class:`LazyNodes`, iterated in one go."""

    __slots__ = ()
    _mapping: LazyNodes

    def __iter__(self) -> Iterator[NodeResult]:
        return iter(self._mapping.every())

    def __repr__(self) -> str:
        return f"ValuesView({self._mapping!r})"


class _Items(ItemsView[str, NodeResult]):
    """The items of :class:`LazyNodes`, iterated in one go."""

    __slots__ = ()
    _mapping: LazyNodes

    def __iter__(self) -> Iterator[tuple[str, NodeResult]]:
        nodes = self._mapping
        return zip(nodes._codes, nodes.every(), strict=True)

    def __repr__(self) -> str:
        return f"ItemsView({self._mapping!r})"


@frozen(kw_only=True)
class Scored:
    """The rule set, the data known and the group a result was scored with."""

    ruleset: Ruleset
    known: Statements
    group: Mapping[str, Any] = field(factory=dict)


@frozen(kw_only=True)
class LayerChange:
    """A node whose points a later assessment layer changed."""

    code: str
    before: Decimal
    after: Decimal
    layer: str

    @property
    def difference(self) -> Decimal:
        """``after − before``: negative when the layer lowered the points."""
        return self.after - self.before


@frozen(kw_only=True)
class Result:
    """A unit's scored rule set: totals, and every node by its code.

    >>> res.points, res.max, res.index                      # doctest: +SKIP
    (Decimal('64.7'), Decimal('100'), Decimal('64.7'))
    """

    ruleset: str
    title: str
    as_of: date
    period: int
    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal
    index: Decimal
    status: Status
    trace: Trace
    nodes: Mapping[str, NodeResult] = field(repr=False)
    estimated: bool = False
    unit: str | None = None
    layer: str = "self"
    earlier: Mapping[str, Result] = field(factory=dict, repr=False)
    grade: GradeResult | None = None
    #: What the result was scored from; kept for what-if questions, never serialised.
    context: Scored | None = field(default=None, eq=False, repr=False)

    def opportunities(self, *, locale: str = "vi") -> list[Opportunity]:
        """Where the next points are: per leaf that lost or has pending points, the gain,
        the change of figures that reaches it (in ``locale``), and who is responsible.

        Largest gain first. A result read back with :meth:`from_dict` no longer knows its
        rules and data: evaluate again to ask.
        """
        from .whatif import opportunities  # what-if builds on results, not the reverse

        if self.context is None:
            raise InputError(
                Problem(
                    what=msg(
                        "this result was read back without its rules and data: evaluate "
                        "again to ask where the next points are"
                    ),
                )
            )
        return opportunities(self, self.context.ruleset, self.context.known, locale=locale)

    @property
    def layers(self) -> dict[str, Result]:
        """Each assessment layer's own result, in order; the last is this result."""
        return {**self.earlier, self.layer: self}

    def changes(self) -> list[LayerChange]:
        """Every node whose points changed from one layer to the next, in order."""
        found: list[LayerChange] = []
        results = list(self.layers.values())
        for before, after in itertools.pairwise(results):
            for code, node in after.nodes.items():
                old = before.nodes.get(code)
                if old is not None and old.points != node.points:
                    found.append(
                        LayerChange(
                            code=code, before=old.points, after=node.points, layer=after.layer
                        )
                    )
        return found

    @property
    def potential(self) -> Decimal:
        """Points if everything pending is achieved: ``points + pending``."""
        return self.points + self.pending

    @property
    def fields(self) -> tuple[NodeResult, ...]:
        """The top-level nodes (lĩnh vực), in decree order."""
        return tuple(n for n in self.nodes.values() if "." not in n.code)

    def __getitem__(self, code: str) -> NodeResult:
        try:
            return self.nodes[code]
        except (KeyError, TypeError):
            raise unknown_code(code, self.nodes, self.ruleset) from None

    def __contains__(self, code: object) -> bool:
        return code in self.nodes

    def walk(self) -> Iterator[NodeResult]:
        """Every node result in tree order: each parent before its children."""
        nodes = self.nodes
        if type(nodes) is LazyNodes:  # every node made in one go (see LazyNodes.every)
            return iter(nodes.every())
        return iter(nodes.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe and lossless: :meth:`from_dict` gives back an equal result."""
        return {
            "format": FORMAT_VERSION,
            "ruleset": self.ruleset,
            "title": self.title,
            "unit": self.unit,
            "as_of": self.as_of.isoformat(),
            "period": self.period,
            "max": _dec(self.max),
            "points": _dec(self.points),
            "pending": _dec(self.pending),
            "lost": _dec(self.lost),
            "potential": _dec(self.potential),
            "index": _dec(self.index),
            "status": self.status.value,
            "estimated": self.estimated,
            "layer": self.layer,
            "grade": None if self.grade is None else self.grade.to_dict(),
            "trace": self.trace.to_dict(),
            "nodes": [node.to_dict() for node in self.nodes.values()],
            "earlier": {name: r.to_dict() for name, r in self.earlier.items()},
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Result:
        """Rebuild a result from :meth:`to_dict` output (e.g. read back from JSON).

        Anything that is not such output raises :class:`InputError`.
        """
        try:
            return cls._from_dict(raw)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            raise InputError(
                Problem(
                    what=msg(
                        "not a result written by Result.to_dict() ({type}: {exc})",
                        type=type(exc).__name__,
                        exc=exc,
                    ),
                )
            ) from None

    @classmethod
    def _from_dict(cls, raw: Mapping[str, Any]) -> Result:
        nodes = (NodeResult.from_dict(n) for n in raw["nodes"])
        return cls(
            ruleset=raw["ruleset"],
            title=raw["title"],
            unit=raw.get("unit"),
            as_of=date.fromisoformat(raw["as_of"]),
            period=int(raw["period"]),
            max=Decimal(raw["max"]),
            points=Decimal(raw["points"]),
            pending=Decimal(raw["pending"]),
            lost=Decimal(raw["lost"]),
            index=Decimal(raw["index"]),
            status=Status(raw["status"]),
            estimated=bool(raw.get("estimated", False)),
            trace=Trace.from_dict(raw["trace"]),
            nodes={n.code: n for n in nodes},
            layer=raw.get("layer", "self"),
            grade=None if raw.get("grade") is None else GradeResult.from_dict(raw["grade"]),
            earlier={name: cls._from_dict(r) for name, r in raw.get("earlier", {}).items()},
        )
