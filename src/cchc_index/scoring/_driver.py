"""A plan's steps written out as one Python function: every node's usual way, straight-line.

The scorer takes each node by how the plan says it is scored (:data:`~._plan.PARENT`,
:data:`~._plan.ONE_INPUT`, :data:`~._plan.POINTS_GIVEN`, or the general way). Looping
over the steps and asking each how it goes, then calling a method that looks up what
the node knows, costs as much as most nodes' scoring. :func:`driver` writes, once
per plan, a function doing the same in order with each node's index, children and
input names fixed: what :meth:`Scorer.parent`, :meth:`Scorer.by_input` and
:meth:`Scorer.by_points` do when a record is found again, what
:meth:`~._states.Waiting.waiting` does when a leaf's record is the same for every unit
that gives nothing for it, what :meth:`~._sums.Combining.combine` does for a parent
whose children's maxima make its own, and a call of the scorer's method for everything
else (a leaf's record made afresh, a rescaled or capped parent, the general way).
It is written once the plan has scored :data:`WRITTEN_AFTER` units, when it pays for
its compiling; a unit whose data marks criteria (not applicable, estimated) takes the
steps one by one, as the plan's first units do.

As for expressions (:mod:`cchc_index.language._codegen`), the source is made of this
module's fragments only: indices are numbers the plan counted, and every code and
input name of the rule file reaches the function as a global bound to the text
(``_c3``, ``_s3``), never spliced into the source. With the reference interpreter in
force (:func:`~cchc_index.language.expressions.reference`) the scorer loops over the
steps instead, so the differential tests compare both ways, node by node.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ..language._codegen import compile_source
from ._plan import _EXACT_TYPES, ONE_INPUT, PARENT, POINTS_GIVEN, Plan, PlanNode
from ._states import _MISSING, _NOT_APPLICABLE, status_of
from ._sums import _plain

if TYPE_CHECKING:
    from ._scorer import Scorer

__all__ = ["Driver", "driver"]

#: Runs every step of a plan for the scorer given.
Driver = Callable[["Scorer"], None]

#: What the data does not give.
_ABSENT: Any = object()
_ZERO = Decimal(0)

_PROLOGUE = """\
def _drive(s):
    figures = s.figures
    kept = s.kept
    memos = s.memo
    values_get = s.values.get
    estimated = s.estimated
    manual_get = s.manual.get if s.manual else None
    leaf = s.leaf
    wait = s.wait
    fresh = s.fresh
    summed = s.summed
    by_input = s.by_input
    as_of = s.as_of
    due = s.year.due
    fixed_get = s.year.fixed.get
"""

#: A parent: its record found again when its children are the very records they were.
_FOUND_AGAIN = """\
    kids = ({kids},)
    memo = memos[{i}]
    key = ({ids},) if memo.on and {all_kept} else None
    entry = memo.entries.get(key) if key is not None else None
    if entry is not None:
        memo.hits += 1
        kept[{i}] = True
        figures[{i}] = entry[1]
"""

#: Else its record made by the scorer (:meth:`Scorer.summed`).
_PARENT = (
    _FOUND_AGAIN
    + """\
    else:
        summed({i}, _n{i}, kids, key, memo)
"""
)

#: A parent whose children's maxima add up to its own (as the decree's figures mostly
#: do) and that sums them: a record not found again is made here as
#: :meth:`Combining.combine` makes it when no child left the maximum; when one did (not
#: assigned), by :meth:`Scorer.summed`.
_SUM = (
    _FOUND_AGAIN
    + """\
    elif _ZERO + {field_0} == _m{i}:
        points = _plain(_ZERO + {field_1})
        pending = _plain(_ZERO + {field_2})
        lost = _plain(_ZERO + {field_3})
        flags = ({all_na}, {all_left}, True if {any_marked} else False)
        record = figures[{i}] = (
            _m{i},
            points,
            pending,
            lost,
            _status_of(flags, points, pending, lost, _m{i}),
            flags[2],
            ("sum", False, (("sum", points, None),)),
            [None],
        )
        if key is not None and memo.keep(key, (kids, record)):
            kept[{i}] = True
    else:
        summed({i}, _n{i}, kids, key, memo)
"""
)

#: A usual leaf the data gives nothing for (see :meth:`Scorer.wait`): its record, the
#: same for every unit that gives none of the leaf's inputs (see
#: :meth:`~._states.Waiting.waiting`), found again; written inside the fragments below,
#: with whether the leaf is an estimate.
_WAITING = """\
        found = fixed_get(({i}, "not_due" if as_of <= due[{i}] else "missing", {marked}))
        if found is None:
            wait({i}, _n{i}, {marked})
        else:
            kept[{i}] = True
            figures[{i}] = found
"""

#: A leaf reading one input (see :meth:`Scorer.by_input`); a value of a type other than
#: the usual ones takes that method.
_ONE_INPUT = """\
    value = values_get(_s{i}, _ABSENT)
    kind = type(value)
    memo = memos[{i}]
    if value is _ABSENT:
        marked = _s{i} in estimated
{waiting}\
    elif not memo.on:
        fresh({i}, _n{i}, _s{i} in estimated, None, memo)
    elif kind is _Decimal or kind in _EXACT:
        marked = _s{i} in estimated
        key = (marked, kind, str(value) if kind is _Decimal else value, marked)
        found = memo.entries.get(key)
        if found is None:
            fresh({i}, _n{i}, marked, key, memo)
        else:
            memo.hits += 1
            kept[{i}] = True
            figures[{i}] = found
    else:
        by_input({i}, _n{i})
"""

#: A leaf whose points the data gives (see :meth:`Scorer.by_points`).
_POINTS_GIVEN = """\
    given = manual_get(_c{i}) if manual_get is not None else None
    memo = memos[{i}]
    found = memo.entries.get((False, type(given), str(given))) if memo.on else None
    if given is None:
{waiting}\
    elif found is None:
        leaf({i}, _n{i})
    else:
        memo.hits += 1
        kept[{i}] = True
        figures[{i}] = found
"""

_GENERIC = """\
    leaf({i}, _n{i})
"""

#: A plan scores this many units step by step before its driver is written. Writing
#: and compiling the function takes about what it then saves over as many units (7 ms
#: for a rule set of 40 nodes, which it scores about 7 µs a unit faster): a tool
#: scoring a unit or a hundred does not pay for it, a province's 3,321 communes gain.
WRITTEN_AFTER = 1000


def driver(plan: Plan) -> Driver | None:
    """The function running ``plan``'s steps; ``None`` for its first units (see
    :data:`WRITTEN_AFTER`), which take the steps one by one."""
    found: Driver | None = plan.driver
    if found is None:
        plan.units += 1
        if plan.units > WRITTEN_AFTER:
            found = plan.driver = _write(plan)
    return found


def _write(plan: Plan) -> Driver:
    parts = [_PROLOGUE]
    bound: dict[str, object] = {
        "__builtins__": {"type": type, "str": str, "id": id},
        "_ABSENT": _ABSENT,
        "_Decimal": Decimal,
        "_EXACT": _EXACT_TYPES,
        "_ZERO": _ZERO,
        "_plain": _plain,
        "_status_of": status_of,
        "_NOT_APPLICABLE": _NOT_APPLICABLE,
        "_MISSING": _MISSING,
    }
    for i, node, how in plan.steps:
        if type(i) is not int:  # the indices are the plan's own counting
            raise TypeError(f"a step index must be an int, not {type(i).__name__}")
        bound[f"_n{i}"] = node
        if how is PARENT:
            parts.append(_parent(i, node, bound))
        elif how is ONE_INPUT:
            bound[f"_s{i}"] = node.single
            waiting = _WAITING.format(i=i, marked="marked")
            parts.append(_ONE_INPUT.format(i=i, waiting=waiting))
        elif how is POINTS_GIVEN:
            bound[f"_c{i}"] = node.code
            waiting = _WAITING.format(i=i, marked="False")
            parts.append(_POINTS_GIVEN.format(i=i, waiting=waiting))
        else:
            parts.append(_GENERIC.format(i=i))
    exec(compile_source("".join(parts), "driver"), bound)  # this module's fragments only
    return cast(Driver, bound["_drive"])


def _parent(i: int, node: PlanNode, bound: dict[str, object]) -> str:
    """The fragment of the parent at ``i``: :data:`_SUM` where it applies, else :data:`_PARENT`."""
    kids = [int(k) for k in node.children]  # a parent has children: see Plan
    fields = {
        "i": i,
        "kids": ", ".join(f"figures[{k}]" for k in kids),
        "all_kept": " and ".join(f"kept[{k}]" for k in kids),
        "ids": ", ".join(f"id(kids[{n}])" for n in range(len(kids))),
    }
    # combine() rescales, caps or defers otherwise; a max of 0 sums to nothing there.
    if node.defers or node.nominal != node.max or not node.max > 0:
        return _PARENT.format(**fields)
    bound[f"_m{i}"] = node.max
    for item in range(4):  # max, points, pending, lost: the sums combine() makes
        fields[f"field_{item}"] = " + ".join(f"kids[{n}][{item}]" for n in range(len(kids)))
    statuses = [f"kids[{n}][4]" for n in range(len(kids))]
    fields["all_na"] = " and ".join(f"{s} is _NOT_APPLICABLE" for s in statuses)
    fields["all_left"] = " and ".join(
        f"({s} is _NOT_APPLICABLE or {s} is _MISSING)" for s in statuses
    )
    fields["any_marked"] = " or ".join(f"kids[{n}][5]" for n in range(len(kids)))
    return _SUM.format(**fields)
