"""Raw tables handed in by callers: every key text, as a TOML or JSON file would make it.

A mapping built in Python may have keys no file can write (``5``, ``None``, a
tuple). The readers index tables by their keys as text, so such keys are refused
once, at the boundary, with the path to each.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .._echo import short
from ..errors import CchcIndexError, ProblemLog
from ..i18n import msg

__all__ = ["plain_text_keys", "refuse_odd_keys"]

#: How deep the tables are searched; values deeper than this are refused for their type.
_DEPTH = 32
#: The most keys reported at once.
_MOST = 20


#: The containers the quick pass looks into: a set, as a type is found in it by its hash
#: at once, where a tuple compares it with each member in turn.
_CONTAINERS = frozenset({dict, list, tuple})


def refuse_odd_keys(
    raw: Mapping[str, Any],
    error: type[CchcIndexError],
    file: str | None,
    *,
    unread: Collection[str] = (),
) -> None:
    """Raise ``error`` naming every key of ``raw``'s nested tables that is not text.

    The tables under the top-level keys ``unread`` are left to whatever reads them.
    """
    if unread and any(key in raw for key in unread):
        raw = {key: value for key, value in raw.items() if key not in unread}
    if plain_text_keys(raw):
        return  # the usual data, read from a file or built of dicts: no path is worked out
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


def plain_text_keys(raw: object) -> bool:
    """Whether ``raw`` is dicts and lists all the way down, every key a ``str`` (a quick pass).

    This runs on every unit scored, so it checks exact types only; anything else
    (another kind of mapping, a subclass of str as a key) is left to the full pass.
    """
    stack: list[Any] = [raw]
    pop, push = stack.pop, stack.append
    while stack:
        value = pop()
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    return False
                if type(item) in _CONTAINERS:
                    push(item)
        elif kind is list or kind is tuple:
            for item in value:
                if type(item) in _CONTAINERS:
                    push(item)
        elif isinstance(value, Mapping):
            return False
    return True
