"""cchc_index: Vietnam's administrative reform index (Chỉ số CCHC), as rules and exact scores.

>>> import cchc_index as cc
>>> rs = cc.load_ruleset("dak-nong/2022/huyen")                       # doctest: +SKIP
>>> res = cc.evaluate(rs, "dak-song-2023-09-20.toml")                 # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

# The errors are imported before anything else: every module's messages raise them for
# a locale without a catalog (see i18n.refuse_locales_with).
from . import _moved, errors  # noqa: F401

if TYPE_CHECKING:
    from .draft import Draft, DraftedNode, DraftReport, draft_ruleset
    from .errors import (
        CchcIndexError,
        ExpressionError,
        InputError,
        LocaleError,
        Location,
        Problem,
        RulesetError,
    )
    from .i18n import Message
    from .language.model import Criterion, InputSpec, Origin, Ruleset, UnknownCodeError
    from .language.trace import Step, Trace, Used
    from .reports.check import CheckReport, Finding, Severity, check_ruleset
    from .reports.comparison import Comparison, Impact, compare, impact
    from .reports.explain import Explanation, explain
    from .reports.overview import Overview, overview
    from .reports.plan import FieldPlan, Plan, read_plan
    from .reports.reconcile import Discrepancy, DiscrepancyKind, reconcile
    from .reports.report import Report, build_report, report
    from .rulefiles.catalog import RulesetInfo, list_rulesets, load_ruleset
    from .rulefiles.diff import Change, ChangeKind, RulesetDiff, diff
    from .rulefiles.dump import dumps_ruleset
    from .rulefiles.loader import loads_ruleset
    from .scoring.batch import BatchItem, Ranked, evaluate_many, rank, read_units
    from .scoring.evaluator import evaluate
    from .scoring.grades import GradeResult
    from .scoring.result import LayerChange, NodeResult, Result
    from .scoring.status import Status
    from .scoring.whatif import InputChange, Opportunity

#: Where each public name is defined, by stage. Its module is imported the first time the
#: name is used, so ``import cchc_index`` costs the errors and their messages only, and a
#: tool pays for what it uses (loading and scoring need neither the diff, nor the
#: what-if, nor the checks).
_HOMES = {
    "errors": (
        "CchcIndexError",
        "ExpressionError",
        "InputError",
        "LocaleError",
        "Location",
        "Problem",
        "RulesetError",
    ),
    "i18n": ("Message",),
    "language.model": ("Criterion", "InputSpec", "Origin", "Ruleset", "UnknownCodeError"),
    "language.trace": ("Step", "Trace", "Used"),
    "rulefiles.catalog": ("RulesetInfo", "list_rulesets", "load_ruleset"),
    "rulefiles.diff": ("Change", "ChangeKind", "RulesetDiff", "diff"),
    "rulefiles.dump": ("dumps_ruleset",),
    "rulefiles.loader": ("loads_ruleset",),
    "scoring.batch": ("BatchItem", "Ranked", "evaluate_many", "rank", "read_units"),
    "scoring.evaluator": ("evaluate",),
    "scoring.grades": ("GradeResult",),
    "scoring.result": ("LayerChange", "NodeResult", "Result"),
    "scoring.status": ("Status",),
    "scoring.whatif": ("InputChange", "Opportunity"),
    "reports.check": ("CheckReport", "Finding", "Severity", "check_ruleset"),
    "reports.comparison": ("Comparison", "Impact", "compare", "impact"),
    "reports.explain": ("Explanation", "explain"),
    "reports.overview": ("Overview", "overview"),
    "reports.plan": ("FieldPlan", "Plan", "read_plan"),
    "reports.reconcile": ("Discrepancy", "DiscrepancyKind", "reconcile"),
    "reports.report": ("Report", "build_report", "report"),
    "draft": ("Draft", "DraftReport", "DraftedNode", "draft_ruleset"),
}
_LAZY = {name: module for module, names in _HOMES.items() for name in names}
#: The stage packages and the modules every stage uses, found as the package's attributes.
_SUBMODULES = frozenset(
    (
        *("codes", "errors", "i18n", "numbers"),
        *("language", "kinds", "rulefiles", "scoring", "reports"),
        *("render", "excel", "draft", "testing", "cli"),
    )
)
_moved.install()


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value  # found once: later lookups do not come here
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if f"{__name__}.{name}" in _moved.MOVED:  # a module by its former name
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


class _Package(types.ModuleType):
    """The package, keeping its public names when a submodule of the same name is imported.

    Importing ``cchc_index.diff`` binds the module as the package's attribute ``diff``,
    over the function ``cchc_index.diff``; as when every name was imported at once, the
    function is what the package's attribute stays.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "BatchItem",
    "CchcIndexError",
    "Change",
    "ChangeKind",
    "CheckReport",
    "Comparison",
    "Criterion",
    "Discrepancy",
    "DiscrepancyKind",
    "Draft",
    "DraftReport",
    "DraftedNode",
    "Explanation",
    "ExpressionError",
    "FieldPlan",
    "Finding",
    "GradeResult",
    "Impact",
    "InputChange",
    "InputError",
    "InputSpec",
    "LayerChange",
    "LocaleError",
    "Location",
    "Message",
    "NodeResult",
    "Opportunity",
    "Origin",
    "Overview",
    "Plan",
    "Problem",
    "Ranked",
    "Report",
    "Result",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetInfo",
    "Severity",
    "Status",
    "Step",
    "Trace",
    "UnknownCodeError",
    "Used",
    "__version__",
    "build_report",
    "check_ruleset",
    "compare",
    "diff",
    "draft_ruleset",
    "dumps_ruleset",
    "evaluate",
    "evaluate_many",
    "explain",
    "impact",
    "list_rulesets",
    "load_ruleset",
    "loads_ruleset",
    "overview",
    "rank",
    "read_plan",
    "read_units",
    "reconcile",
    "report",
]

__version__ = "0.1.0"
