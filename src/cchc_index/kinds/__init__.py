"""Scoring kinds: a registry from ``kind = "..."`` to the rule class that scores it.

Every kind has one signature (:class:`Rule`): ``parse(spec)`` at load time,
``score(ctx)`` at evaluation. A province adds a kind by subclassing :class:`Rule`
and calling :func:`register`; the loader and evaluator need no change.
"""

from __future__ import annotations

from typing import TypeVar

from ._base import SOURCE_KEYS, Key, Rule, RuleSpec, Score, ScoringContext, Source

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

#: Every known kind, by the name rule files use.
KINDS: dict[str, type[Rule]] = {}

_R = TypeVar("_R", bound=type[Rule])


def register(cls: _R) -> _R:
    """Make ``cls`` available to rule files as ``kind = cls.name``; usable as a decorator."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        raise TypeError(f"{cls.__name__} needs a class attribute 'name' that is an identifier")
    KINDS[name] = cls
    return cls


# The built-in kinds register themselves on import.
from . import bands, check, deduct, formula, levels, linear, manual, per_item, relative  # noqa: E402, F401
