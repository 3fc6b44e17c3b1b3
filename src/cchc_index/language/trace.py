"""How a node's points were reached, recorded by the code that scores it.

A :class:`Trace` is data, never prose: the rule kind, the input values it used
(:class:`Used`) and the steps it took (:class:`Step`), such as the metric's value,
the band that matched, a cap, a clamp or the rounding. Renderers turn it into
words; nothing recomputes it.

Step names used by the built-in kinds:

=============  ===========================================================
``metric``     value of the rule's input or metric expression (detail: text)
``band``       the band that matched (detail: its interval), value: points
``no_band``    no band matched the value, value: 0
``linear``     share of the way from the zero point to the full point
``items``      number of items; ``per_item`` points each
``cap``        the cap that limited the points
``level``      the level given (detail), value: its share of the maximum
``deduction``  points taken off (value), per occurrence or flag
``check``      a yes/no result (detail: ``yes``/``no``)
``formula``    the formula's raw value (detail: the formula)
``manual``     points given by an assessor
``clamp``      points brought back into ``[0, max]`` (value: before)
``rounding``   points before rounding (value), policy in detail
``sum``        a parent's sum of its children
``rescale``    a parent's rescale factor when children do not apply
``not_due``    no value yet, deadline not reached (detail: due date)
``missing``    no value after the deadline (detail: due date)
``not_applicable``  the leaf does not apply (detail: the policy)
=============  ===========================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..numbers import format_plain
from ._makers import maker

__all__ = ["Step", "Trace", "Used"]

#: A value an input can hold: Decimal for numbers, int for counts, and the rest.
InputValue = Decimal | int | bool | date | str

#: A step as the scoring code records it, ``(what, value, detail)``: a plain tuple, made
#: a :class:`Step` (:func:`make_steps`) only when the trace is read. A detail that is not
#: text yet is written then: a tuple ``(template, *values)`` as ``template.format(*values)``,
#: anything else (a band) as its ``str()``.
RawStep = tuple[str, Decimal | None, object]


@frozen
class Step:
    """One step of a scoring: what happened (``what``), a number, and a short detail."""

    what: str
    value: Decimal | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; the value as exact text."""
        out: dict[str, Any] = {"what": self.what}
        if self.value is not None:
            out["value"] = format_plain(self.value)
        if self.detail is not None:
            out["detail"] = self.detail
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Step:
        """Inverse of :meth:`to_dict`."""
        value = raw.get("value")
        return cls(raw["what"], None if value is None else Decimal(value), raw.get("detail"))


@frozen
class Used:
    """An input value a rule used, with the input's declared type."""

    name: str
    type: str
    value: InputValue
    estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: numbers and dates as text, counts as integers."""
        value: Any = self.value
        if isinstance(value, Decimal):
            value = format_plain(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out = {"name": self.name, "type": self.type, "value": value}
        if self.estimated:
            out["estimated"] = True
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Used:
        """Inverse of :meth:`to_dict`, guided by the recorded type."""
        kind, value = raw["type"], raw["value"]
        if kind in ("number", "ratio", "percent"):
            value = Decimal(value)
        elif kind == "date":
            value = date.fromisoformat(value)
        return cls(raw["name"], kind, value, bool(raw.get("estimated", False)))


@frozen
class Trace:
    """The record of one node's scoring: rule kind, inputs used, steps taken."""

    kind: str
    used: tuple[Used, ...] = ()
    steps: tuple[Step, ...] = ()

    def step(self, what: str) -> Step | None:
        """The first step named ``what``, if any."""
        return next((s for s in self.steps if s.what == what), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe, lossless form."""
        return {
            "kind": self.kind,
            "used": [u.to_dict() for u in self.used],
            "steps": [s.to_dict() for s in self.steps],
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Trace:
        """Inverse of :meth:`to_dict`."""
        return cls(
            raw["kind"],
            tuple(Used.from_dict(u) for u in raw.get("used", ())),
            tuple(Step.from_dict(s) for s in raw.get("steps", ())),
        )


#: Quick constructors, for the traces scoring records (see :mod:`._makers`).
_step = maker(Step)
make_trace = maker(Trace)
make_used = maker(Used)


def make_steps(steps: Iterable[Step | RawStep]) -> tuple[Step, ...]:
    """The :class:`Step` of each recorded step; a step that is one already stays itself."""
    made: list[Step] = []
    append = made.append
    for step in steps:
        # A recorded step is a plain tuple, which is asked first: the type is one
        # comparison where asking for a Step goes through the class's whole ancestry.
        # Most details are text already, or nothing.
        if type(step) is tuple:
            detail = step[2]
            if detail is not None and type(detail) is not str:
                detail = _text(detail)
            append(_step(step[0], step[1], detail))
        elif isinstance(step, Step):
            append(step)
        else:
            append(_step(step[0], step[1], _text(step[2])))
    return tuple(made)


def _text(detail: object) -> str | None:
    """A recorded step's detail as text (see :data:`RawStep`)."""
    if detail is None or type(detail) is str:
        return detail
    if type(detail) is tuple:
        template, *values = detail
        return str(template).format(*values)
    return str(detail)
