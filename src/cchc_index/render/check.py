"""A check report as text: every finding located, then one verdict line."""

from __future__ import annotations

from ..i18n import N_, gettext, language, msg
from ..reports.check import CheckReport, Severity

_SEVERITY = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


def render_check(report: CheckReport, *, locale: str = "vi") -> str:
    """Each finding as ``where: severity: message — fix``, each example's verdict, a summary."""
    lang = language(locale)
    lines: list[str] = []
    for finding in report.findings:
        where = finding.where.text(lang) or report.source
        severity = gettext(_SEVERITY[finding.severity], lang)
        lines.append(f"{where}: {severity}: {finding.message(lang)}")
    for outcome in report.examples:
        name = outcome.path.name
        verdict = (
            msg("example {name}: passed", name=name)
            if outcome.passed
            else msg("example {name}: FAILED", name=name)
        )
        lines.append(verdict.text(lang))
        lines.extend(f"  {m.message(lang)}" for m in outcome.mismatches)
        if outcome.error is not None:
            lines.extend(f"  {text}" for text in outcome.error.messages(lang))
    lines.append(
        msg(
            "{source}: {errors} errors, {warnings} warnings, {passed}/{examples} examples passed",
            source=report.ruleset.id if report.ruleset else report.source,
            errors=len(report.errors),
            warnings=len(report.warnings),
            passed=sum(e.passed for e in report.examples),
            examples=len(report.examples),
        ).text(lang)
    )
    return "\n".join(lines) + "\n"
