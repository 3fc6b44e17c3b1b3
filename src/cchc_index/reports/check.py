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
from typing import Any

from attrs import frozen

from .._echo import short
from ..errors import CchcIndexError, Location, Problem
from ..i18n import N_, Message, Said, msg
from ..kinds.bands import Band, Bands
from ..language.model import Criterion, Inconsistency, InputSpec, Ruleset
from ..numbers import format_plain
from ..rulefiles.catalog import load_ruleset
from ..scoring.examples import Mismatch, example_paths, verify_example

__all__ = ["CheckReport", "ExampleOutcome", "Finding", "Severity", "check_ruleset", "decree_notes"]


class Severity(StrEnum):
    """How bad a finding is: errors make a check fail, warnings only inform."""

    ERROR = "error"
    WARNING = "warning"


@frozen(kw_only=True)
class Finding(Said):
    """One thing the check found, located, with a suggested fix.

    ``what`` and ``fix`` are translated where shown; ``en``, ``vi``, ``fix_en`` and
    ``fix_vi`` give them in each language.
    """

    severity: Severity
    where: Location
    what: Message
    fix: Message | None = None

    def message(self, locale: str | None = "vi") -> str:
        """The finding and its fix in one language, without the location."""
        if self.fix is None:
            return self.what.text(locale)
        return msg("{what} — fix: {fix}", what=self.what, fix=self.fix).text(locale)

    @property
    def fix_vi(self) -> str | None:
        """The suggested fix in Vietnamese, if any."""
        return None if self.fix is None else self.fix.text("vi")

    @property
    def fix_en(self) -> str | None:
        """The suggested fix in English, if any."""
        return None if self.fix is None else self.fix.text("en")


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

    def to_dict(self, *, strict: bool = False) -> dict[str, Any]:
        """The report as JSON-safe data (``cchc-index check --format json``), both languages."""
        return {
            "source": self.source,
            "ruleset": None if self.ruleset is None else self.ruleset.id,
            "ok": self.ok(strict=strict),
            "findings": [_finding(f) for f in self.findings],
            "examples": [_outcome(e) for e in self.examples],
        }


def _where(where: Location) -> dict[str, Any]:
    return {
        "file": where.file,
        "line": where.line,
        "node": where.node,
        "input": where.input,
        "key": where.key,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "severity": finding.severity.value,
        **_where(finding.where),
        "en": finding.what.text("en"),
        "vi": finding.what.text("vi"),
        "fix_en": finding.fix_en,
        "fix_vi": finding.fix_vi,
    }


def _outcome(outcome: ExampleOutcome) -> dict[str, Any]:
    problems = () if outcome.error is None else outcome.error.problems
    return {
        "path": str(outcome.path),
        "passed": outcome.passed,
        "mismatches": [
            {
                "code": m.code,
                "key": m.key,
                "expected": _plain(m.expected),
                "actual": _plain(m.actual),
                "en": m.message("en"),
                "vi": m.message("vi"),
            }
            for m in outcome.mismatches
        ],
        "problems": [{**_where(p.where), "en": p.en, "vi": p.vi} for p in problems],
    }


def _plain(value: object) -> str | int | bool | None:
    if value is None or isinstance(value, str | int | bool):
        return value
    return format_plain(value) if isinstance(value, Decimal) else str(value)


def check_ruleset(source: str | os.PathLike[str]) -> CheckReport:
    """Validate the rule set at ``source`` (an id or a path), lint it, run its examples."""
    try:
        ruleset = load_ruleset(source)
    except CchcIndexError as exc:
        shown = os.fspath(source) if isinstance(source, str | os.PathLike) else short(source)
        return CheckReport(source=str(shown), ruleset=None, findings=tuple(_errors(exc.problems)))
    examples = tuple(_run(ruleset, path) for path in example_paths(ruleset))
    return CheckReport(
        source=str(source), ruleset=ruleset, findings=tuple(lint(ruleset)), examples=examples
    )


def _errors(problems: tuple[Problem, ...]) -> Iterator[Finding]:
    for problem in problems:
        yield Finding(severity=Severity.ERROR, where=problem.where, what=problem.what)


def _run(ruleset: Ruleset, path: Path) -> ExampleOutcome:
    try:
        return ExampleOutcome(path=path, mismatches=tuple(verify_example(ruleset, path)))
    except CchcIndexError as exc:
        return ExampleOutcome(path=path, error=exc)


def lint(ruleset: Ruleset) -> Iterator[Finding]:
    """Warnings about a valid rule set: legal, but probably not what its author meant.

    The decree's own inconsistencies, kept as written and acknowledged, come first: a
    reader of the check should see them before anything else.
    """
    yield from decree_notes(ruleset)
    yield from _unused_inputs(ruleset)
    yield from _no_office(ruleset)
    for node in ruleset:
        yield from _due_outside_period(ruleset, node)
        if isinstance(node.rule, Bands) and node.rule.source.input is not None:
            yield from _unscored_range(ruleset, node, ruleset.inputs[node.rule.source.input])


def decree_notes(ruleset: Ruleset) -> Iterator[Finding]:
    """One warning for each inconsistency of the decree that the rule file keeps.

    ``check`` reports them first; reports print them under their own heading, so a
    reader of the scores sees where the decree's figures disagree and why they stand.
    """
    total = ruleset.acknowledges(Inconsistency.SUM)
    if total is not None:
        added = sum((ruleset.criteria[c].max for c in ruleset.fields), Decimal(0))
        yield _warning(
            ruleset,
            msg(
                "the decree's figures are kept as written: its fields add up to {added} but "
                "its total is {max} ({note})",
                added=format_plain(added),
                max=format_plain(ruleset.max),
                note=total.note,
            ),
            _KEPT,
        )
    for node in ruleset:
        summed = node.acknowledges(Inconsistency.SUM)
        if summed is not None:
            added = sum((ruleset.criteria[c].max for c in node.children), Decimal(0))
            yield _warning(
                ruleset,
                msg(
                    "the decree's figures are kept as written: the criteria under it add up "
                    "to {added} but its max is {max} ({note})",
                    added=format_plain(added),
                    max=format_plain(node.max),
                    note=summed.note,
                ),
                _KEPT,
                node=node.code,
            )
        left_open = node.acknowledges(Inconsistency.OPEN)
        if left_open is not None:
            yield _warning(
                ruleset,
                msg(
                    "the decree gives no maximum here: kept at 0 points until it does ({note})",
                    note=left_open.note,
                ),
                _KEPT,
                node=node.code,
            )
        unreachable = node.acknowledges(Inconsistency.UNREACHABLE)
        if unreachable is not None and node.rule is not None:
            best = node.rule.best(node.max)
            yield _warning(
                ruleset,
                msg(
                    "the decree's figures are kept as written: its max is {max} but its "
                    "rule gives at most {best} ({note})",
                    max=format_plain(node.max),
                    best=format_plain(best if best is not None else node.max),
                    note=unreachable.note,
                ),
                _KEPT,
                node=node.code,
            )


#: What to do about an acknowledged inconsistency: nothing here; the decree decides.
_KEPT = msg("scores follow the decree; ask its issuer to correct it in the next revision")
#: How many codes a grouped warning lists before it says how many more there are.
_LISTED = 12


def _warning(ruleset: Ruleset, what: Message, fix: Message, **where: object) -> Finding:
    node = ruleset.criteria.get(str(where.get("node"))) if "node" in where else None
    origin = node.defined_in if node is not None else None
    location = Location(
        file=origin.file if origin is not None else ruleset.source,
        line=node.line if node is not None else None,
        node=node.code if node is not None else None,
        input=str(where["input"]) if "input" in where else None,
    )
    return Finding(severity=Severity.WARNING, where=location, what=what, fix=fix)


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
                msg("input {name!r} is declared but no rule or constraint uses it", name=name),
                msg("use it in a rule, or remove its [inputs] table"),
                input=name,
            )


def _no_office(ruleset: Ruleset) -> Iterator[Finding]:
    """One warning for every scored criterion that names no office, on it or above it."""
    if not ruleset.offices:
        return  # the rule set says it names none
    without = [node.code for node in ruleset.leaves() if node.max and not _office(ruleset, node)]
    if not without:
        return
    shown: str | Message = ", ".join(without[:_LISTED])
    if len(without) > _LISTED:
        shown = msg("{codes} and {more} more", codes=shown, more=len(without) - _LISTED)
    yield _warning(
        ruleset,
        msg(
            "{count} scored criteria have no responsible office (đơn vị chủ trì) on them or "
            "above them: {codes}",
            count=len(without),
            codes=shown,
        ),
        msg(
            'add responsible = "…" so reports can name who lost the points, or offices = '
            "false in [ruleset] if the decision names none"
        ),
        **({"node": without[0]} if len(without) == 1 else {}),
    )


def _office(ruleset: Ruleset, node: Criterion) -> bool:
    code: str | None = node.code
    while code is not None:
        if ruleset.criteria[code].responsible:
            return True
        code = ruleset.criteria[code].parent
    return False


def _due_outside_period(ruleset: Ruleset, node: Criterion) -> Iterator[Finding]:
    if isinstance(node.due, date) and node.due.year != ruleset.year:
        yield _warning(
            ruleset,
            msg(
                "deadline {due} is outside the rule set's year {year}",
                due=node.due.strftime("%d/%m/%Y"),
                year=ruleset.year,
            ),
            msg(
                'write the day and month only (due = "{day}") so the deadline follows the '
                "year assessed",
                day=node.due.strftime("%d/%m"),
            ),
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


#: What a gap in the bands says, by side and by whether the edge band is closed (its
#: edge value is scored) or open.
_GAPS = {
    ("below", True): N_("values of {name!r} below {edge} fall in no band (they score 0)"),
    ("below", False): N_("values of {name!r} at or below {edge} fall in no band (they score 0)"),
    ("above", True): N_("values of {name!r} above {edge} fall in no band (they score 0)"),
    ("above", False): N_("values of {name!r} at or above {edge} fall in no band (they score 0)"),
}


def _gap(
    ruleset: Ruleset, node: Criterion, spec: InputSpec, side: str, edge: Decimal, closed: bool
) -> Finding:
    shown = format_plain(edge)
    if side == "below":
        band = f"{{ {'below' if closed else 'at_most'} = {shown}, points = 0 }}"
    else:
        band = f"{{ {'above' if closed else 'at_least'} = {shown}, points = … }}"
    return _warning(
        ruleset,
        msg(_GAPS[side, closed], name=spec.name, edge=shown),
        msg("add a band {band}", band=band),
        node=node.code,
    )
