"""The registry of scoring kinds: each rule class by the name rule files use (``kind = "..."``)."""

from __future__ import annotations

from typing import TypeVar

from ._base import Rule

__all__ = ["KINDS", "register"]

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
