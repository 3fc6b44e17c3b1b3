"""Raw tables handed in by callers: every key text, as a TOML or JSON file would make it.

A mapping built in Python may have keys no file can write (``5``, ``None``, a
tuple). The readers index tables by their keys as text, so such keys are refused
once, at the boundary, with the path to each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._echo import short
from .errors import CchcIndexError, ProblemLog
from .i18n import msg

__all__ = ["refuse_odd_keys"]

#: How deep the tables are searched; values deeper than this are refused for their type.
_DEPTH = 32
#: The most keys reported at once.
_MOST = 20


def refuse_odd_keys(raw: Mapping[str, Any], error: type[CchcIndexError], file: str | None) -> None:
    """Raise ``error`` naming every key of ``raw``'s nested tables that is not text."""
    log = ProblemLog(file=file)
    stack: list[tuple[tuple[str, ...], Any]] = [((), raw)]
    while stack and len(log.problems) < _MOST:
        path, value = stack.pop()
        if len(path) > _DEPTH:
            continue
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str):
                    stack.append(((*path, key), item))
                else:
                    log.add(
                        msg("a key must be text, not {key!r}", key=key),
                        key=".".join((*path, short(key))),
                    )
        elif isinstance(value, list | tuple):
            stack.extend(((*path, str(i)), item) for i, item in enumerate(value))
    log.raise_if_any(error)
