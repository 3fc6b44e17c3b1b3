"""Checking a rule set before it is used: validation, lints, and its worked examples.

:func:`check_ruleset` loads a rule set, reports every problem the loader finds
(errors), looks for things that are legal but probably wrong (warnings), and runs
every worked example beside the rule set. Nothing here prints; the
``cchc-index check`` command formats the report.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from attrs import frozen

from .catalog import load_ruleset
from .errors import CchcIndexError, Location, Problem
from .examples import Mismatch, example_paths, verify_example
from .kinds.bands import Band, Bands
from .model import Criterion, InputSpec, Ruleset
from .numbers import format_plain

__all__ = ["CheckReport", "ExampleOutcome", "Finding", "Severity", "check_ruleset"]


class Severity(StrEnum):
    """How bad a finding is: errors make a check fail, warnings only inform."""

    ERROR = "error"
    WARNING = "warning"


@frozen(kw_only=True)
class Finding:
    """One thing the check found, located, with a suggested fix."""

    severity: Severity
    where: Location
    en: str
    vi: str
    fix_en: str | None = None
    fix_vi: str | None = None

    def message(self, locale: str = "vi") -> str:
        """The finding and its fix in one language, without the location."""
        english = locale.startswith("en")
        text = self.en if english else self.vi
        fix = self.fix_en if english else self.fix_vi
        if fix:
            text += f" — {'fix' if english else 'cách sửa'}: {fix}"
        return text


@frozen(kw_only=True)
class ExampleOutcome:
    """A worked example's verdict: the differences found, or the error it raised."""

    path: Path
    mismatches: tuple[Mismatch, ...] = ()
    error: CchcIndexError | None = None

    @property
    def passed(self) -> bool:
        """Whether the example gave exactly its expected result."""
        return self.error is None and not self.mismatches


@frozen(kw_only=True)
class CheckReport:
    """Everything :func:`check_ruleset` found about one rule set."""

    source: str
    ruleset: Ruleset | None
    findings: tuple[Finding, ...] = ()
    examples: tuple[ExampleOutcome, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that make the check fail."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings that only inform."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def ok(self, *, strict: bool = False) -> bool:
        """No errors, every example passes (and, if ``strict``, no warnings)."""
        return (
            not self.errors
            and all(e.passed for e in self.examples)
            and not (strict and self.warnings)
        )


def check_ruleset(source: str | os.PathLike[str]) -> CheckReport:
    """Validate the rule set at ``source`` (an id or a path), lint it, run its examples."""
    try:
        ruleset = load_ruleset(source)
    except CchcIndexError as exc:
        return CheckReport(source=str(source), ruleset=None, findings=tuple(_errors(exc.problems)))
    examples = tuple(_run(ruleset, path) for path in example_paths(ruleset))
    return CheckReport(
        source=str(source), ruleset=ruleset, findings=tuple(lint(ruleset)), examples=examples
    )


def _errors(problems: tuple[Problem, ...]) -> Iterator[Finding]:
    for problem in problems:
        yield Finding(severity=Severity.ERROR, where=problem.where, en=problem.en, vi=problem.vi)


def _run(ruleset: Ruleset, path: Path) -> ExampleOutcome:
    try:
        return ExampleOutcome(path=path, mismatches=tuple(verify_example(ruleset, path)))
    except CchcIndexError as exc:
        return ExampleOutcome(path=path, error=exc)


def lint(ruleset: Ruleset) -> Iterator[Finding]:
    """Warnings about a valid rule set: legal, but probably not what its author meant."""
    yield from _unused_inputs(ruleset)
    for node in ruleset:
        yield from _no_office(ruleset, node)
        yield from _due_outside_period(ruleset, node)
        if isinstance(node.rule, Bands) and node.rule.source.input is not None:
            yield from _unscored_range(ruleset, node, ruleset.inputs[node.rule.source.input])


def _warning(
    ruleset: Ruleset, en: str, vi: str, fix_en: str, fix_vi: str, **where: object
) -> Finding:
    node = ruleset.criteria.get(str(where.get("node"))) if "node" in where else None
    origin = node.defined_in if node is not None else None
    location = Location(
        file=origin.file if origin is not None else ruleset.source,
        line=node.line if node is not None else None,
        node=node.code if node is not None else None,
        input=str(where["input"]) if "input" in where else None,
    )
    return Finding(
        severity=Severity.WARNING, where=location, en=en, vi=vi, fix_en=fix_en, fix_vi=fix_vi
    )


def _unused_inputs(ruleset: Ruleset) -> Iterator[Finding]:
    used: set[str] = set()
    for node in ruleset.leaves():
        if node.rule is not None:
            used |= node.rule.names
    for constraint in ruleset.constraints:
        used |= constraint.expression.names
    for name in ruleset.inputs:
        if name not in used:
            yield _warning(
                ruleset,
                f"input {name!r} is declared but no rule or constraint uses it",
                f"đầu vào {name!r} được khai báo nhưng không quy tắc hay ràng buộc nào dùng",
                "use it in a rule, or remove its [inputs] table",
                "dùng nó trong một quy tắc, hoặc xoá bảng [inputs] của nó",
                input=name,
            )


def _no_office(ruleset: Ruleset, node: Criterion) -> Iterator[Finding]:
    if not node.is_leaf or node.max == 0:
        return
    code: str | None = node.code
    while code is not None:
        if ruleset.criteria[code].responsible:
            return
        code = ruleset.criteria[code].parent
    yield _warning(
        ruleset,
        "no responsible office (đơn vị chủ trì) on this criterion or above it",
        "tiêu chí này và các tiêu chí cha chưa có đơn vị chủ trì",
        'add responsible = "…" so reports can name who lost the points',
        'thêm responsible = "…" để báo cáo nêu được đơn vị chịu trách nhiệm',
        node=node.code,
    )


def _due_outside_period(ruleset: Ruleset, node: Criterion) -> Iterator[Finding]:
    if isinstance(node.due, date) and node.due.year != ruleset.year:
        yield _warning(
            ruleset,
            f"deadline {node.due.strftime('%d/%m/%Y')} is outside the rule set's year "
            f"{ruleset.year}",
            f"hạn {node.due.strftime('%d/%m/%Y')} nằm ngoài năm {ruleset.year} của bộ tiêu chí",
            f'write the day and month only (due = "{node.due.strftime("%d/%m")}") so the '
            "deadline follows the year assessed",
            f'chỉ ghi ngày và tháng (due = "{node.due.strftime("%d/%m")}") để hạn theo năm '
            "được đánh giá",
            node=node.code,
        )


def _unscored_range(ruleset: Ruleset, node: Criterion, spec: InputSpec) -> Iterator[Finding]:
    assert isinstance(node.rule, Bands)
    low, high = spec.bounds()
    bands = sorted(node.rule.bands, key=_low_key)
    bottom, top = bands[0], bands[-1]
    if bottom.low is not None and (
        low is None or bottom.low > low or (bottom.low == low and not bottom.low_inclusive)
    ):
        yield _gap(ruleset, node, spec, "below", bottom.low, bottom.low_inclusive)
    if top.high is not None and (
        high is None or top.high < high or (top.high == high and not top.high_inclusive)
    ):
        yield _gap(ruleset, node, spec, "above", top.high, top.high_inclusive)


def _low_key(band: Band) -> tuple[bool, Decimal]:
    return (band.low is not None, band.low if band.low is not None else Decimal(0))


def _gap(
    ruleset: Ruleset, node: Criterion, spec: InputSpec, side: str, edge: Decimal, closed: bool
) -> Finding:
    shown, name = format_plain(edge), spec.name
    if side == "below":
        en_side, vi_side = ("below", "dưới") if closed else ("at or below", "từ")
        en = f"values of {name!r} {en_side} {shown} fall in no band"
        vi = f"giá trị {name!r} {vi_side} {shown} trở xuống không thuộc mức nào"
        fix = f"add a band {{ {'below' if closed else 'at_most'} = {shown}, points = 0 }}"
    else:
        en_side, vi_side = ("above", "trên") if closed else ("at or above", "từ")
        en = f"values of {name!r} {en_side} {shown} fall in no band"
        vi = f"giá trị {name!r} {vi_side} {shown} trở lên không thuộc mức nào"
        fix = f"add a band {{ {'above' if closed else 'at_least'} = {shown}, points = … }}"
    return _warning(
        ruleset,
        f"{en} (they score 0)",
        f"{vi} (được 0 điểm)",
        fix,
        fix.replace("add a band", "thêm mức"),
        node=node.code,
    )
