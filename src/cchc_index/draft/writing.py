"""Writing a drafted rule set as a rule file: the decree's tree, its figures, its words.

The file is written as text, not through the model, because a draft may not load
yet: a decree whose criteria do not add up to the printed maximum is written with its
own figures, and the check says so. Every leaf quotes the decree's scoring text in
``source``; a leaf whose text is none of the common shapes is ``manual`` and its source
starts with ``Cần xem lại / To review``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from ..numbers import format_plain

__all__ = ["REVIEW", "toml_table", "toml_value"]

#: How the source of a criterion a person has to read begins.
REVIEW: Final = "Cần xem lại / To review"

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    """A key, quoted unless it is bare."""
    return key if _BARE_KEY.fullmatch(key) else _basic(key)


def toml_value(value: Any) -> str:
    """A value as TOML: strings (multi-line ones literal where they can be), numbers, tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if "\n" in value and "'''" not in value and _printable(value):
            return "'''\n" + value + "'''"
        return _basic(value)
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None
        )
        return f"{{ {inner} }}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def toml_table(header: str, pairs: Mapping[str, Any]) -> Iterable[str]:
    """A table's header line and its ``key = value`` lines, ``None`` values left out."""
    yield header
    for key, value in pairs.items():
        if value is not None:
            yield f"{toml_key(key)} = {toml_value(value)}"


def _printable(text: str) -> bool:
    return all(char in "\n\t" or (ord(char) >= 0x20 and ord(char) != 0x7F) for char in text)


def _basic(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
