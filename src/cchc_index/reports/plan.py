"""Plan progress: the year's reform-plan tasks (nhiệm vụ) per field, and where they stand.

A district's administrative reform plan (Kế hoạch CCHC) lists tasks per field, and
its mid-year report opens with how many are under way (section I of the seed
report). These are counts the unit reports, not scores: they are read from an
optional ``[plan]`` table of the unit's data, one sub-table per field::

    [plan."7"]
    total = 17           # tasks of the plan in field 7
    under_way = 13       # started (đã triển khai), including those done or behind
    done = 0             # of those under way: finished (đã hoàn thành)
    behind_target = 0    # of those under way: not reaching the plan's result
    not_yet_due = 0      # not started, and not due yet (chưa đến hạn)
    not_started = 2      # not started although due (chưa thực hiện)
    overdue = 1          # past the plan's deadline (quá hạn)
    not_applicable = 1   # does not apply to the unit (e.g. not chosen for a pilot)
    note = "…"           # optional: what the report says of the field's tasks

Every count is optional except ``total``; a count left out is *not reported*,
which is not the same as 0. ``under_way``, ``not_yet_due``, ``not_started``,
``overdue`` and ``not_applicable`` are disjoint states: together they may not
exceed ``total`` (what is left is not reported). ``done`` and ``behind_target``
are parts of ``under_way``. Data that breaks any of this raises
:class:`~cchc_index.errors.InputError` listing every problem, each located.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

from attrs import frozen

from ..errors import InputError, ProblemLog, suggest
from ..i18n import msg
from ..language.model import Ruleset
from ..scoring.data import load_raw

__all__ = ["COUNTS", "PARTS", "STATES", "FieldPlan", "Plan", "plan_from_raw", "read_plan"]

#: The disjoint states of a task, in the order reports list them. Together they
#: account for at most ``total``.
STATES: Final = ("under_way", "not_yet_due", "not_started", "overdue", "not_applicable")
#: Parts of ``under_way``.
PARTS: Final = ("done", "behind_target")
#: Every count a field's plan may give.
COUNTS: Final = ("total", *STATES, *PARTS)
_KEYS: Final = (*COUNTS, "note")
#: Larger counts are typing mistakes, not a plan's tasks.
_MOST: Final = 100_000


@frozen(kw_only=True)
class FieldPlan:
    """The plan's tasks in one field (lĩnh vực): how many, and how many in each state.

    A count that is ``None`` was not reported (which is not 0).
    """

    code: str
    total: int
    under_way: int | None = None
    done: int | None = None
    behind_target: int | None = None
    not_yet_due: int | None = None
    not_started: int | None = None
    overdue: int | None = None
    not_applicable: int | None = None
    note: str | None = None

    def count(self, state: str) -> int | None:
        """The count of ``state`` (of :data:`~cchc_index.reports.plan.COUNTS`); ``None``: not
        reported."""
        if state not in COUNTS:
            raise KeyError(state)
        value: int | None = getattr(self, state)
        return value

    @property
    def accounted(self) -> int:
        """Tasks given one of the disjoint :data:`~cchc_index.reports.plan.STATES` (at most
        ``total``)."""
        return sum(self.count(state) or 0 for state in STATES)

    @property
    def unreported(self) -> int:
        """Tasks the data gives no state for: ``total`` minus :attr:`accounted`."""
        return self.total - self.accounted


@frozen(kw_only=True)
class Plan:
    """The unit's plan tasks per field, in the rule set's field order."""

    fields: tuple[FieldPlan, ...]

    def __iter__(self) -> Iterator[FieldPlan]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def field(self, code: str) -> FieldPlan | None:
        """The plan of field ``code``, ``None`` when the data gives none for it."""
        return next((found for found in self.fields if found.code == code), None)

    @property
    def total(self) -> int:
        """Tasks of the plan in all fields."""
        return sum(f.total for f in self.fields)

    def count(self, state: str) -> int | None:
        """The count of ``state`` over all fields; ``None`` when no field reports it."""
        given = [n for f in self.fields if (n := f.count(state)) is not None]
        return sum(given) if given else None

    @property
    def under_way(self) -> int | None:
        """Tasks under way in all fields (``None`` when no field reports it)."""
        return self.count("under_way")

    def share(self, state: str) -> Decimal | None:
        """The share of all tasks in ``state``, from 0 to 1 (``None``: not reported, or no task)."""
        count = self.count(state)
        if count is None or not self.total:
            return None
        return Decimal(count) / Decimal(self.total)


def read_plan(
    ruleset: Ruleset,
    data: Mapping[str, Any] | str | os.PathLike[str],
) -> Plan | None:
    """The ``[plan]`` table of a unit's data, checked; ``None`` when the data has none.

    ``data`` is what :func:`~cchc_index.evaluate` takes: a mapping, or the path of a
    TOML or JSON file. Every problem (a code that is not a field of ``ruleset``, a
    count that is not a whole number ≥ 0, states that add up to more than the total,
    an unknown key) is collected and raised at once as one
    :class:`~cchc_index.errors.InputError`.
    """
    raw, file = load_raw(data)
    return plan_from_raw(ruleset, raw, file=file)


def plan_from_raw(
    ruleset: Ruleset, raw: Mapping[str, Any], *, file: str | None = None
) -> Plan | None:
    """:func:`read_plan` for data already read (``file`` names it in the problems)."""
    table = raw.get("plan")
    if table is None:
        return None
    log = ProblemLog(file=file)
    if not isinstance(table, Mapping):
        log.add(msg("'plan' must be a table of fields: [plan.\"1\"] total = 8 …"), key="plan")
        log.raise_if_any(InputError)
    fields = ruleset.fields
    found: dict[str, FieldPlan] = {}
    for code, entry in table.items():
        checked = _field(log, ruleset, code, entry)
        if checked is not None:
            found[checked.code] = checked
    log.raise_if_any(InputError)
    return Plan(fields=tuple(found[code] for code in fields if code in found))


def _field(log: ProblemLog, ruleset: Ruleset, code: object, entry: object) -> FieldPlan | None:
    """One field's plan, or ``None`` after logging what is wrong with it."""
    fields = ruleset.fields
    shown = str(code)
    where = f"plan.{shown}"
    if not isinstance(code, str) or code not in fields:
        if isinstance(code, str) and code in ruleset.criteria:
            log.add(
                msg(
                    "the plan is given per field: {code!r} is a criterion of field {field!r}",
                    code=shown,
                    field=shown.split(".", 1)[0],
                ),
                node=shown,
                key=where,
            )
        else:
            log.add(
                msg(
                    "rule set {ruleset!r} has no field {code!r}{hint}",
                    ruleset=ruleset.id,
                    code=shown,
                    hint=suggest(shown, fields),
                ),
                key=where,
            )
        return None
    if not isinstance(entry, Mapping):
        log.add(
            msg("a field's plan must be a table of counts: total = 8, under_way = 7 …"),
            node=code,
            key=where,
        )
        return None
    ok = True
    for key in entry:
        if key not in _KEYS:
            log.add(
                msg("unknown key {key!r} in the plan{hint}", key=key, hint=suggest(key, _KEYS)),
                node=code,
                key=f"{where}.{key}",
            )
            ok = False
    counts: dict[str, int] = {}
    for name in COUNTS:
        value = entry.get(name)
        if value is None:
            if name == "total":
                log.add(msg("the number of tasks ('total') is missing"), node=code, key=where)
                ok = False
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            log.add(
                msg(
                    "{value!r} is not a number of tasks (write a whole number such as 7)",
                    value=value,
                ),
                node=code,
                key=f"{where}.{name}",
            )
            ok = False
        elif not 0 <= value <= _MOST:
            log.add(
                msg(
                    "{value} is not a number of tasks: it must be from 0 to {most}",
                    value=value,
                    most=Decimal(_MOST),
                ),
                node=code,
                key=f"{where}.{name}",
            )
            ok = False
        else:
            counts[name] = value
    note = entry.get("note")
    if note is not None and not isinstance(note, str):
        log.add(msg("'note' must be text"), node=code, key=f"{where}.note")
        ok = False
    if not ok:
        return None
    total = counts.pop("total")
    assert total is not None  # checked above
    plan = FieldPlan(code=code, total=total, note=note, **counts)
    return plan if _adds_up(log, plan, where) else None


def _adds_up(log: ProblemLog, plan: FieldPlan, where: str) -> bool:
    """Whether the states fit in the total and the parts in ``under_way``; logs each breach."""
    ok = True
    if plan.accounted > plan.total:
        given = ", ".join(f"{s} = {n}" for s in STATES if (n := plan.count(s)) is not None)
        log.add(
            msg(
                "the tasks' states add up to {accounted}, more than the {total} tasks of the "
                "field ({given})",
                accounted=plan.accounted,
                total=plan.total,
                given=given,
            ),
            node=plan.code,
            key=where,
        )
        ok = False
    parts = {p: n for p in PARTS if (n := plan.count(p)) is not None}
    within = plan.total if plan.under_way is None else plan.under_way
    whole = "total" if plan.under_way is None else "under_way"
    if sum(parts.values()) > within:
        given = ", ".join(f"{p} = {n}" for p, n in parts.items())
        log.add(
            msg(
                "{given}: more tasks than the {within} of {whole!r}",
                given=given,
                within=within,
                whole=whole,
            ),
            node=plan.code,
            key=where,
        )
        ok = False
    return ok
