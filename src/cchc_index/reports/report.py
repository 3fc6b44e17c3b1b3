"""The mid-year report (báo cáo sơ kết): everything in it that comes from data, as data.

A district office writes, twice a year, a report like the seed's: (I) how far the
year's reform plan has come, with the key figures of the period; (II) the points
of each field and, for every point not obtained, the criterion, the reason,
whether it failed or is not yet due, and the responsible office; (III) the range
the score may end in, what is on track and what fell short; (IV) what to do next,
office by office. :func:`report` builds that content as a :class:`Report` of
frozen records; the renderers (:func:`cchc_index.render.render_report_markdown`,
``…_html``, ``…_text``) turn it into words. Building never formats: numbers stay
:class:`~decimal.Decimal`, dates stay dates, and sentences are
:class:`~cchc_index.i18n.Message` objects translated where they are shown, so
one report renders in Vietnamese and in English alike.
"""

from __future__ import annotations

import decimal
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from ..errors import InputError, Problem
from ..i18n import Named, msg
from ..language.model import InputType, Ruleset
from ..language.trace import InputValue
from ..numbers import CONTEXT, plain
from ..scoring.data import load_raw
from ..scoring.evaluator import evaluate_read, require_ruleset
from ..scoring.result import NodeResult, Result, Status
from ..scoring.whatif import Opportunity
from .check import Finding, decree_notes
from .explain import Explanation, explain_node
from .plan import FieldPlan, Plan, plan_from_raw
from .reconcile import Discrepancy, reconcile

__all__ = [
    "FieldReport",
    "Figure",
    "OfficeTasks",
    "Part",
    "Range",
    "Report",
    "build_report",
    "report",
]

#: Inputs whose values are figures a report quotes (counts, amounts, rates).
_FIGURE_TYPES = frozenset({InputType.COUNT, InputType.NUMBER, InputType.RATIO, InputType.PERCENT})


@frozen(kw_only=True)
class FieldReport:
    """One field (lĩnh vực) of section II: its points and every point it did not obtain.

    ``losses`` are its leaves that lost points or have points pending, in decree
    order, each explained (criterion, reason, failed or not yet due, office).
    """

    code: str
    name: Named
    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal
    status: Status
    estimated: bool = False
    assessor: str = "self"
    losses: tuple[Explanation, ...] = ()
    plan: FieldPlan | None = None

    @property
    def potential(self) -> Decimal:
        """Points if everything pending is obtained."""
        return self.points + self.pending

    @property
    def failed(self) -> tuple[Explanation, ...]:
        """The losses that failed (or whose figures are missing): points lost for the year."""
        return tuple(e for e in self.losses if e.lost)

    @property
    def not_due(self) -> tuple[Explanation, ...]:
        """The losses not yet due: points still to be obtained."""
        return tuple(e for e in self.losses if e.pending)


@frozen(kw_only=True)
class Part:
    """The fields one assessor scores (the unit itself, or the province), added up."""

    assessor: str
    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal

    @property
    def potential(self) -> Decimal:
        """Points if everything pending is obtained."""
        return self.points + self.pending


@frozen(kw_only=True)
class Range:
    """Where the year's score can end (section III): secured, pending, best case, index.

    ``points`` are secured (obtained so far), ``pending`` may still come (not yet
    due), ``lost`` are gone; ``potential`` is the best case and ``best_index`` its
    index. ``parts`` splits the same totals by assessor when the rule set has
    fields the province scores (e.g. 90 self-assessed + 10 by the province).
    """

    max: Decimal
    points: Decimal
    pending: Decimal
    lost: Decimal
    index: Decimal
    best_index: Decimal | None = None
    estimated: bool = False
    grade: str | None = None
    grade_en: str | None = None
    parts: tuple[Part, ...] = ()

    @property
    def potential(self) -> Decimal:
        """The best case: every pending point obtained."""
        return self.points + self.pending


@frozen(kw_only=True)
class Figure:
    """A key figure of the period, as the data gives it (files received, rates …)."""

    name: str
    label: Named
    type: str
    value: InputValue
    estimated: bool = False
    unit: str | None = None


@frozen(kw_only=True)
class OfficeTasks:
    """Section IV for one responsible office (đơn vị chủ trì): where its next points are.

    ``responsible`` is ``None`` for criteria that name no office; ``assessor`` then
    tells whether they are the province's to assess.
    """

    responsible: str | None
    gain: Decimal
    opportunities: tuple[Opportunity, ...]
    assessor: str = "self"


@frozen(kw_only=True)
class Report:
    """The content of a mid-year report, ready for a renderer (see the module's docstring)."""

    ruleset: str
    title: Named
    as_of: date
    period: int
    range: Range
    fields: tuple[FieldReport, ...]
    unit: str | None = None
    basis: str | None = None
    layer: str = "self"
    plan: Plan | None = None
    figures: tuple[Figure, ...] = ()
    shortcomings: tuple[Explanation, ...] = ()
    next_steps: tuple[OfficeTasks, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    #: The decree's own inconsistencies the rule set keeps as written (acknowledged).
    decree_notes: tuple[Finding, ...] = ()
    #: The result the report was built from (the renderers draw its tree).
    result: Result | None = field(default=None, eq=False, repr=False)

    @property
    def on_track(self) -> tuple[FieldReport, ...]:
        """Fields that have lost nothing so far (some points obtained, the rest pending)."""
        return tuple(
            f
            for f in self.fields
            if not f.lost and f.points and f.status is not Status.NOT_APPLICABLE
        )

    @property
    def losses(self) -> tuple[Explanation, ...]:
        """Every point not obtained, field by field."""
        return tuple(e for f in self.fields for e in f.losses)


def report(
    ruleset: Ruleset,
    data: Mapping[str, Any] | str | os.PathLike[str],
    *,
    as_of: date | None = None,
    shortcomings: int = 3,
) -> Report:
    """Score ``data`` against ``ruleset`` and build its mid-year report.

    ``data`` is what :func:`~cchc_index.evaluate` takes (a mapping, or a TOML or
    JSON file); its optional ``[plan]`` table gives section I
    (:func:`~cchc_index.read_plan`) and its ``[reported]`` sheet is checked against
    the computed points (:func:`~cchc_index.reconcile`).
    Bad data raises :class:`~cchc_index.InputError` with every problem located.

    >>> r = report(rs, "dak-song-2023-09-20.toml")           # doctest: +SKIP
    >>> r.range.points, r.range.potential, r.plan.total      # doctest: +SKIP
    (Decimal('64.7'), Decimal('79.7'), 57)
    """
    require_ruleset(ruleset)
    raw, file = load_raw(data)
    # The plan and the scored data are checked both, so that every problem is told at once.
    problems: list[Problem] = []
    plan = None
    try:
        plan = plan_from_raw(ruleset, raw, file=file)
    except InputError as error:
        problems.extend(error.problems)
    try:
        result = evaluate_read(ruleset, raw, file=file, as_of=as_of)
    except InputError as error:
        raise InputError([*error.problems, *problems]) from None
    if problems:
        raise InputError(problems)
    reported = raw.get("reported")
    return build_report(
        result,
        plan=plan,
        reported=reported if isinstance(reported, Mapping) else None,
        shortcomings=shortcomings,
    )


def build_report(
    result: Result,
    *,
    plan: Plan | None = None,
    reported: Mapping[str, object] | None = None,
    shortcomings: int = 3,
) -> Report:
    """The report of a result already evaluated, with a plan and a reported sheet if any.

    A result read back with :meth:`~cchc_index.Result.from_dict` no longer knows its
    rules and data: its report has no key figures, no what-if (section IV) and no
    split by assessor. ``shortcomings`` is how many of the largest losses section III
    names.
    """
    if not isinstance(result, Result):
        raise InputError(
            Problem(
                what=msg(
                    "build_report() needs a Result (from evaluate), not {type}",
                    type=type(result).__name__,
                )
            )
        )
    ruleset = result.context.ruleset if result.context is not None else None
    adjustments = set(ruleset.adjustments) if ruleset is not None else set()
    tops = [n for n in result.fields if n.code not in adjustments]
    fields = tuple(_field(result, top, ruleset, plan) for top in tops)
    worst = sorted(
        (e for f in fields for e in f.failed),
        key=lambda e: -e.lost,  # sorted() is stable: decree order among equals
    )
    return Report(
        ruleset=result.ruleset,
        title=Named(result.title, ruleset.title_en if ruleset is not None else None),
        basis=str(ruleset.basis) if ruleset is not None and ruleset.basis is not None else None,
        unit=result.unit,
        as_of=result.as_of,
        period=result.period,
        layer=result.layer,
        plan=plan,
        figures=_figures(result, ruleset),
        fields=fields,
        range=_range(result, tops, ruleset),
        shortcomings=tuple(worst[: max(shortcomings, 0)]),
        next_steps=_next_steps(result),
        discrepancies=tuple(reconcile(result, reported)) if reported is not None else (),
        decree_notes=tuple(decree_notes(ruleset)) if ruleset is not None else (),
        result=result,
    )


def _field(
    result: Result, top: NodeResult, ruleset: Ruleset | None, plan: Plan | None
) -> FieldReport:
    prefix = top.code + "."
    losses = tuple(
        explain_node(node, ruleset)
        for node in result.walk()
        if (node.code == top.code or node.code.startswith(prefix))
        and node.is_leaf
        and node.status is not Status.NOT_APPLICABLE
        and (node.lost or node.pending)
    )
    return FieldReport(
        code=top.code,
        name=Named(top.name, top.name_en),
        max=top.max,
        points=top.points,
        pending=top.pending,
        lost=top.lost,
        status=top.status,
        estimated=top.estimated,
        assessor=top.assessor,
        losses=losses,
        plan=plan.field(top.code) if plan is not None else None,
    )


def _range(result: Result, tops: Sequence[NodeResult], ruleset: Ruleset | None) -> Range:
    best_index = None
    if ruleset is not None and result.max:
        with decimal.localcontext(CONTEXT):
            best_index = ruleset.rounding(result.potential * 100 / result.max)
    assessors = list(dict.fromkeys(n.assessor for n in tops))
    parts: tuple[Part, ...] = ()
    # Split only a total that is the plain sum of its fields: once fields that were not
    # assigned are rescaled away, or bonus and penalty move it, its parts would not add up.
    if len(assessors) > 1 and result.trace.kind == "sum":
        parts = tuple(
            Part(
                assessor=who,
                max=_total(n.max for n in tops if n.assessor == who),
                points=_total(n.points for n in tops if n.assessor == who),
                pending=_total(n.pending for n in tops if n.assessor == who),
                lost=_total(n.lost for n in tops if n.assessor == who),
            )
            for who in assessors
        )
    grade = result.grade
    return Range(
        max=result.max,
        points=result.points,
        pending=result.pending,
        lost=result.lost,
        index=result.index,
        best_index=best_index,
        estimated=result.estimated,
        grade=grade.label if grade is not None else None,
        grade_en=grade.label_en if grade is not None else None,
        parts=parts,
    )


def _total(values: Iterable[Decimal]) -> Decimal:
    """Exact sum, written the way the results write numbers (``90``, not ``90.0``)."""
    return plain(sum(values, Decimal(0)))


def _figures(result: Result, ruleset: Ruleset | None) -> tuple[Figure, ...]:
    """The numeric inputs the data gives, in the order the rule set declares them."""
    if ruleset is None or result.context is None:
        return ()
    known = result.context.known
    return tuple(
        Figure(
            name=name,
            label=Named(spec.label or name, spec.label_en),
            type=spec.type.value,
            value=known.inputs[name],
            estimated=name in known.estimated,
            unit=spec.unit,
        )
        for name, spec in ruleset.inputs.items()
        if spec.type in _FIGURE_TYPES and name in known.inputs
    )


def _next_steps(result: Result) -> tuple[OfficeTasks, ...]:
    """The what-if opportunities grouped by responsible office, the largest total gain first."""
    if result.context is None:
        return ()
    groups: dict[tuple[str | None, str], list[Opportunity]] = {}
    for found in result.opportunities():
        assessor = result[found.code].assessor if found.responsible is None else "self"
        groups.setdefault((found.responsible, assessor), []).append(found)
    tasks = [
        OfficeTasks(
            responsible=responsible,
            assessor=assessor,
            gain=_total(o.gain for o in found),
            opportunities=tuple(found),
        )
        for (responsible, assessor), found in groups.items()
    ]
    # Named offices first, largest gain first; sorted() keeps the first-seen order of ties.
    return tuple(sorted(tasks, key=lambda t: (t.responsible is None, -t.gain)))
