"""Scoring kinds: a registry from ``kind = "..."`` to the rule class that scores it.

Every kind has one signature (:class:`Rule`): ``parse(spec)`` at load time,
``score(ctx)`` at evaluation. A province adds a kind by subclassing :class:`Rule`
and calling :func:`register`; the loader and evaluator need no change.
"""

from __future__ import annotations

from . import _registry
from ._base import SOURCE_KEYS, Key, Rule, RuleSpec, Score, ScoringContext, Source
from ._registry import register

__all__ = [
    "KINDS",
    "SOURCE_KEYS",
    "Key",
    "Rule",
    "RuleSpec",
    "Score",
    "ScoringContext",
    "Source",
    "register",
]

#: Every known kind, by the name rule files use (built-in ones and those registered).
KINDS = _registry.KINDS

# The built-in kinds register themselves on import.
from . import bands, check, deduct, formula, levels, linear, manual, per_item, relative  # noqa: E402, F401
