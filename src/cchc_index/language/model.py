"""The validated, frozen rule-set model: what a rule file means once it has been checked.

A :class:`Ruleset` holds declared :class:`InputSpec` entries, cross-input
:class:`Constraint` entries and a tree of :class:`Criterion` nodes keyed by their
code. The tree is implied by the codes: ``3.4.1`` sits under ``3.4`` under ``3``.
Codes are text, never numbers: ``1.10`` is not ``1.1``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from .._echo import short
from ..codes import parent_code
from ..errors import CchcIndexError, Location, Problem, suggest
from ..i18n import msg
from ..numbers import Rounding

if TYPE_CHECKING:
    from ..kinds import Rule
    from .expressions import Expression

__all__ = [
    "Acknowledgement",
    "Adjust",
    "Assessor",
    "Basis",
    "Constraint",
    "Criterion",
    "Grade",
    "Inconsistency",
    "InputSpec",
    "InputType",
    "MonthDay",
    "NotApplicable",
    "Origin",
    "Ruleset",
    "UnknownCodeError",
]


class InputType(StrEnum):
    """What kind of value an input holds."""

    COUNT = "count"  #: a whole number ≥ 0 (files, tasks, people)
    NUMBER = "number"  #: any exact number
    RATIO = "ratio"  #: a number from 0 to 1
    PERCENT = "percent"  #: a number from 0 to 100
    BOOL = "bool"  #: yes or no
    DATE = "date"  #: a calendar date
    LEVEL = "level"  #: one of the declared named levels

    @property
    def numeric(self) -> bool:
        """Whether values of this type are numbers that can be compared with bounds."""
        return self in (InputType.COUNT, InputType.NUMBER, InputType.RATIO, InputType.PERCENT)


class Assessor(StrEnum):
    """Who scores a criterion: the unit itself (tự đánh giá) or the province (thẩm định)."""

    SELF = "self"
    PROVINCE = "province"


class NotApplicable(StrEnum):
    """What a leaf is worth when it does not apply to a unit.

    ``full``: nothing arose ("không phát sinh"), full points are awarded.
    ``rescale``: not assigned ("không được giao"), the leaf leaves the maximum and its
    parent rescales the remaining siblings up to the parent's maximum.
    """

    FULL = "full"
    RESCALE = "rescale"


class Adjust(StrEnum):
    """A top-level node outside the base maximum that adds or removes points."""

    BONUS = "bonus"  #: điểm thưởng: its points are added to the total
    PENALTY = "penalty"  #: điểm trừ: its points are taken from the total


class Inconsistency(StrEnum):
    """A mistake a decree can print, which a rule file may keep as written once acknowledged."""

    SUM = "sum"  #: the children's maxima do not add up to the printed maximum
    UNREACHABLE = "unreachable"  #: no option of the scoring rule reaches the printed maximum
    #: the source gives no maximum: the node is kept at ``max = 0`` (scored, worth nothing)
    #: until the decree gives one, rather than given a guessed figure
    OPEN = "open"


@frozen(kw_only=True)
class Acknowledgement:
    """An inconsistency of the decree, kept as written: which one, and the encoder's note.

    The note quotes or explains the decree's figures; :func:`cchc_index.check_ruleset`
    reports it as a warning and reports carry it, while the scores follow the decree.
    """

    issue: Inconsistency
    note: str


def _acknowledgement(
    acknowledged: tuple[Acknowledgement, ...], issue: Inconsistency
) -> Acknowledgement | None:
    return next((a for a in acknowledged if a.issue is issue), None)


class UnknownCodeError(CchcIndexError, KeyError):
    """A criterion code that the rule set or result does not have."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self._summary()


def unknown_code(code: object, known: Mapping[str, object], ruleset: str) -> UnknownCodeError:
    """The error for looking up a code that does not exist, with a suggestion."""
    shown = short(code)
    return UnknownCodeError(
        Problem(
            where=Location(node=shown),
            what=msg(
                "rule set {ruleset!r} has no criterion {shown!r}{hint}",
                ruleset=ruleset,
                shown=shown,
                hint=suggest(shown, known),
            ),
        )
    )


@frozen
class MonthDay:
    """A deadline given as day and month (``"30/11"``), within the period being assessed."""

    month: int
    day: int

    def in_year(self, year: int) -> date:
        """The date in ``year`` (29/02 falls on 28/02 in a common year)."""
        return date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"


@frozen(kw_only=True)
class Origin:
    """Where a table came from: the file, and the id of the rule set it declares."""

    ruleset: str | None
    file: str | None

    def __str__(self) -> str:
        if self.ruleset and self.file:
            return f"{self.ruleset} ({self.file})"
        return self.ruleset or self.file or "?"


@frozen(kw_only=True)
class Basis:
    """The legal basis of a rule set (căn cứ): decision number, date and issuer."""

    decision: str
    date: date | None = None
    issuer: str | None = None

    def __str__(self) -> str:
        parts = [self.decision]
        if self.date is not None:
            parts.append(self.date.strftime("%d/%m/%Y"))
        if self.issuer:
            parts.append(self.issuer)
        return ", ".join(parts)


@frozen(kw_only=True)
class InputSpec:
    """A declared input: a figure the unit reports (file counts, yes/no, a level, a date)."""

    name: str
    type: InputType
    label: str
    label_en: str | None = None
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    levels: tuple[str, ...] = ()
    note: str | None = None

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The effective numeric bounds: the declared ones within the type's own."""
        return self._bounds

    @cached_property
    def _bounds(self) -> tuple[Decimal | None, Decimal | None]:
        low, high = self.min, self.max
        natural: dict[InputType, tuple[Decimal | None, Decimal | None]] = {
            InputType.COUNT: (Decimal(0), None),
            InputType.RATIO: (Decimal(0), Decimal(1)),
            InputType.PERCENT: (Decimal(0), Decimal(100)),
        }
        type_low, type_high = natural.get(self.type, (None, None))
        if type_low is not None:
            low = type_low if low is None else max(low, type_low)
        if type_high is not None:
            high = type_high if high is None else min(high, type_high)
        return low, high


@frozen(kw_only=True)
class Constraint:
    """A rule between inputs that data must keep (``files_on_time <= files_resolved``)."""

    name: str
    expression: Expression
    message: str | None = None
    line: int | None = field(default=None, eq=False)  # where it was written, not what it says
    file: str | None = field(default=None, eq=False)


@frozen(kw_only=True)
class Criterion:
    """A node of the tree: a field (lĩnh vực), criterion (tiêu chí) or sub-criterion.

    Leaves carry a scoring ``rule``; parents sum their children.
    """

    code: str
    name: str
    max: Decimal
    name_en: str | None = None
    responsible: str | None = None
    due: date | MonthDay | None = None
    assessor: Assessor = Assessor.SELF
    source: str | None = None
    not_applicable: NotApplicable = NotApplicable.FULL
    rule: Rule | None = None
    #: When the leaf does not apply, decided by the unit's figures (``tasks_assigned == 0``).
    not_applicable_when: Expression | None = None
    #: Whether not-assigned leaves anywhere below leave this node's maximum and the
    #: assigned ones are scaled up to it (rather than each parent rescaling its own).
    rescale_scope: bool = False
    acknowledged: tuple[Acknowledgement, ...] = ()
    children: tuple[str, ...] = ()
    # Where a node was written is not part of what it says: equal rules are equal.
    origins: tuple[Origin, ...] = field(default=(), eq=False)
    line: int | None = field(default=None, eq=False)
    adjust: Adjust | None = None

    @property
    def defined_in(self) -> Origin | None:
        """The file (and rule set) that last set this node: its parent's, or a child's override.

        :attr:`origins` lists every file that set part of it, the defining one first.
        """
        return self.origins[-1] if self.origins else None

    def acknowledges(self, issue: Inconsistency) -> Acknowledgement | None:
        """The acknowledgement of ``issue`` in the decree at this node, if the file gives one."""
        return _acknowledgement(self.acknowledged, issue)

    @property
    def is_leaf(self) -> bool:
        """Whether the node is scored by a rule rather than by its children."""
        return not self.children

    @property
    def parent(self) -> str | None:
        """The parent's code, ``None`` for a field."""
        return parent_code(self.code)

    def due_in(self, year: int) -> date:
        """The deadline within the assessed ``year``; the period's end when none is set."""
        if self.due is None:
            return date(year, 12, 31)
        if isinstance(self.due, MonthDay):
            return self.due.in_year(year)
        return self.due


@frozen(kw_only=True)
class Grade:
    """A grade band (xếp loại): a label given at or above a threshold, if its conditions hold.

    ``of`` names what the threshold applies to: ``index`` (default) or ``points``.
    Grades are tried in order; the first whose threshold and conditions all hold
    is given. A grade without a threshold catches every unit that reaches it. Before
    that, a grade any of whose ``forced_by`` conditions holds is given outright.
    """

    label: str
    label_en: str | None = None
    at_least: Decimal | None = None
    #: A strict threshold (``>``), as decrees write "trên 90 điểm".
    above: Decimal | None = None
    of: str = "index"
    when: tuple[Expression, ...] = ()
    #: Conditions any one of which gives this grade whatever the points (a disqualifying
    #: fact such as corruption in the unit): tried before every threshold.
    forced_by: tuple[Expression, ...] = ()

    def reaches(self, value: Decimal) -> bool:
        """Whether ``value`` (the index or the points) meets this grade's threshold."""
        if self.at_least is not None and value < self.at_least:
            return False
        return self.above is None or value > self.above


@frozen(kw_only=True)
class Ruleset:
    """A province's scoring rules for one level and year, validated and frozen.

    ``ruleset["3.4"]`` gives a node by its code; iteration walks the tree in
    decree order (parents before children, ``1.9`` before ``1.10``).
    """

    id: str
    title: str
    max: Decimal
    year: int
    level: str
    basis: Basis | None = None
    title_en: str | None = None
    rounding: Rounding = field(factory=Rounding)
    inputs: Mapping[str, InputSpec] = field(factory=dict)
    constraints: tuple[Constraint, ...] = ()
    criteria: Mapping[str, Criterion] = field(factory=dict)
    source: str | None = field(default=None, eq=False)
    lineage: tuple[str, ...] = field(default=(), eq=False)
    layers: tuple[str, ...] = ("self", "appraisal")
    grades: tuple[Grade, ...] = ()
    #: Whether the criteria name responsible offices (đơn vị chủ trì); ``False`` for a
    #: sheet that scores people or units, where no office is expected.
    offices: bool = True
    #: Inconsistencies of the decree at the top: the fields' maxima against ``max``.
    acknowledged: tuple[Acknowledgement, ...] = ()

    @property
    def extends(self) -> str | None:
        """The id of the rule set this one extends, if any (:attr:`lineage` has them all)."""
        return self.lineage[-1] if self.lineage else None

    def acknowledges(self, issue: Inconsistency) -> Acknowledgement | None:
        """The acknowledgement of ``issue`` for the fields' total, if the file gives one."""
        return _acknowledgement(self.acknowledged, issue)

    @property
    def fields(self) -> tuple[str, ...]:
        """Codes of the top-level nodes within the base maximum (lĩnh vực), in decree order."""
        return tuple(
            code
            for code, node in self.criteria.items()
            if node.parent is None and node.adjust is None
        )

    @property
    def adjustments(self) -> tuple[str, ...]:
        """Codes of the bonus and penalty nodes, outside the base maximum."""
        return tuple(code for code, node in self.criteria.items() if node.adjust is not None)

    def __getitem__(self, code: str) -> Criterion:
        try:
            return self.criteria[code]
        except (KeyError, TypeError):
            raise unknown_code(code, self.criteria, self.id) from None

    def __contains__(self, code: object) -> bool:
        return code in self.criteria

    def __iter__(self) -> Iterator[Criterion]:
        return iter(self.criteria.values())

    def __len__(self) -> int:
        return len(self.criteria)

    def leaves(self) -> Iterator[Criterion]:
        """Every scored node, in decree order."""
        return (node for node in self.criteria.values() if node.is_leaf)

    def assessor_of(self, code: str) -> Assessor:
        """Who assesses ``code``: the node's own assessor, or the nearest ancestor's."""
        return self._assessors[code]

    @cached_property
    def _assessors(self) -> dict[str, Assessor]:
        found: dict[str, Assessor] = {}
        for code, node in self.criteria.items():  # decree order: parents come first
            parent = node.parent
            inherited = found.get(parent, Assessor.SELF) if parent else Assessor.SELF
            found[code] = inherited if node.assessor is Assessor.SELF else node.assessor
        return found

    @cached_property
    def province_inputs(self) -> frozenset[str]:
        """Inputs read only by criteria that the province assesses."""
        by_unit: set[str] = set()
        by_province: set[str] = set()
        for node in self.leaves():
            if node.rule is not None:
                assessed = self.assessor_of(node.code)
                (by_province if assessed is Assessor.PROVINCE else by_unit).update(node.rule.names)
        return frozenset(by_province - by_unit)

    def deadlines(self, year: int) -> Mapping[str, date]:
        """Every node's deadline within the assessed ``year`` (computed once per year)."""
        cached = self._deadlines.get(year)
        if cached is None:
            cached = self._deadlines[year] = {
                code: node.due_in(year) for code, node in self.criteria.items()
            }
        return cached

    @cached_property
    def _deadlines(self) -> dict[int, dict[str, date]]:
        return {}

    @cached_property
    def _memo(self) -> dict[str, Any]:
        """What other modules compile from this rule set once (the scoring plan, input checks).

        Kept with the frozen rule set, so it lives and dies with it; never compared,
        copied or pickled.
        """
        return {}
