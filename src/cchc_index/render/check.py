"""A check report as text: every finding located, then one verdict line."""

from __future__ import annotations

from ..check import CheckReport, Severity
from . import _words as words

_SEVERITY = {
    "vi": {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning"},
}
_EXAMPLE = {
    "vi": ("ví dụ {name}: đạt", "ví dụ {name}: KHÔNG ĐẠT"),
    "en": ("example {name}: passed", "example {name}: FAILED"),
}
_VERDICT = {
    "vi": "{source}: {errors} lỗi, {warnings} cảnh báo, {passed}/{examples} ví dụ đạt",
    "en": "{source}: {errors} errors, {warnings} warnings, {passed}/{examples} examples passed",
}


def render_check(report: CheckReport, *, locale: str = "vi") -> str:
    """Each finding as ``where: severity: message — fix``, each example's verdict, a summary."""
    lang = words.language(locale)
    lines: list[str] = []
    for finding in report.findings:
        where = str(finding.where) or report.source
        severity = _SEVERITY[lang][finding.severity]
        lines.append(f"{where}: {severity}: {finding.message(lang)}")
    for outcome in report.examples:
        good, bad = _EXAMPLE[lang]
        lines.append((good if outcome.passed else bad).format(name=outcome.path.name))
        lines.extend(f"  {m.message(lang)}" for m in outcome.mismatches)
        if outcome.error is not None:
            lines.extend(f"  {text}" for text in outcome.error.messages(lang))
    lines.append(
        _VERDICT[lang].format(
            source=report.ruleset.id if report.ruleset else report.source,
            errors=len(report.errors),
            warnings=len(report.warnings),
            passed=sum(e.passed for e in report.examples),
            examples=len(report.examples),
        )
    )
    return "\n".join(lines) + "\n"
