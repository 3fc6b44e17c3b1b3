"""Writing TOML: keys, values and ``key = value`` lines, for dumped and drafted rule files.

The standard library reads TOML but does not write it; rule files need only strings,
numbers (exact decimals), booleans, dates, lists and inline tables, so this is all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..numbers import format_plain

__all__ = ["toml_key", "toml_pairs", "toml_string", "toml_value"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    """A key, quoted unless it is bare."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_value(value: Any, *, multiline: bool = False) -> str:
    """A value as TOML. With ``multiline``, text of several lines is a literal block."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if multiline and "\n" in value and "'''" not in value and _printable(value):
            return "'''\n" + value + "'''"
        return toml_string(value)
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{toml_key(k)} = {toml_value(v, multiline=multiline)}"
            for k, v in value.items()
            if v is not None
        )
        return f"{{ {inner} }}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v, multiline=multiline) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def toml_pairs(table: Mapping[str, Any], *, multiline: bool = False) -> Iterable[str]:
    """The ``key = value`` lines of a table, ``None`` values left out."""
    for key, value in table.items():
        if value is not None:
            yield f"{toml_key(key)} = {toml_value(value, multiline=multiline)}"


def toml_string(text: str) -> str:
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


def _printable(text: str) -> bool:
    return all(char in "\n\t" or (ord(char) >= 0x20 and ord(char) != 0x7F) for char in text)
