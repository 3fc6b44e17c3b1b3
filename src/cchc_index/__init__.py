"""cchc_index: Vietnam's administrative reform index (Chỉ số CCHC), as rules and exact scores.

>>> import cchc_index as cc
>>> rs = cc.load_ruleset("dak-nong/2022/huyen")                       # doctest: +SKIP
>>> res = cc.evaluate(rs, "dak-song-2023-09-20.toml")                 # doctest: +SKIP
"""

from __future__ import annotations

from .batch import BatchItem, Ranked, evaluate_many, rank, read_units
from .catalog import RulesetInfo, list_rulesets, load_ruleset
from .check import CheckReport, Finding, Severity, check_ruleset
from .diff import Change, ChangeKind, RulesetDiff, diff
from .dump import dumps_ruleset
from .errors import CchcIndexError, ExpressionError, InputError, Location, Problem, RulesetError
from .evaluator import evaluate
from .grades import GradeResult
from .loader import loads_ruleset
from .model import Criterion, InputSpec, Origin, Ruleset, UnknownCodeError
from .reconcile import Discrepancy, DiscrepancyKind, reconcile
from .result import LayerChange, NodeResult, Result, Status
from .trace import Step, Trace, Used
from .whatif import InputChange, Opportunity

__all__ = [
    "BatchItem",
    "CchcIndexError",
    "Change",
    "ChangeKind",
    "CheckReport",
    "Criterion",
    "Discrepancy",
    "DiscrepancyKind",
    "ExpressionError",
    "Finding",
    "GradeResult",
    "InputChange",
    "InputError",
    "InputSpec",
    "LayerChange",
    "Location",
    "NodeResult",
    "Opportunity",
    "Origin",
    "Problem",
    "Ranked",
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
    "check_ruleset",
    "diff",
    "dumps_ruleset",
    "evaluate",
    "evaluate_many",
    "list_rulesets",
    "load_ruleset",
    "loads_ruleset",
    "rank",
    "read_units",
    "reconcile",
]

__version__ = "0.1.0"
