"""cchc_index: Vietnam's administrative reform index (Chỉ số CCHC), as rules and exact scores.

>>> import cchc_index as cc
>>> rs = cc.load_ruleset("dak-nong/2022/huyen")                       # doctest: +SKIP
>>> res = cc.evaluate(rs, "dak-song-2023-09-20.toml")                 # doctest: +SKIP
"""

from __future__ import annotations

from .catalog import load_ruleset
from .errors import CchcIndexError, ExpressionError, InputError, Location, Problem, RulesetError
from .evaluator import evaluate
from .loader import loads_ruleset
from .model import Criterion, InputSpec, Ruleset, UnknownCodeError
from .reconcile import Discrepancy, DiscrepancyKind, reconcile
from .result import NodeResult, Result, Status
from .trace import Step, Trace, Used

__all__ = [
    "CchcIndexError",
    "Criterion",
    "Discrepancy",
    "DiscrepancyKind",
    "ExpressionError",
    "InputError",
    "InputSpec",
    "Location",
    "NodeResult",
    "Problem",
    "Result",
    "Ruleset",
    "RulesetError",
    "Status",
    "Step",
    "Trace",
    "UnknownCodeError",
    "Used",
    "__version__",
    "evaluate",
    "load_ruleset",
    "loads_ruleset",
    "reconcile",
]

__version__ = "0.1.0"
