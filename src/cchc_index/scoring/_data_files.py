"""A unit's data as given: a mapping, or a TOML or JSON file read with exact numbers."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError, ProblemLog
from ..i18n import msg
from ..numbers import exact_decimal
from ..rulefiles._text_keys import refuse_odd_keys
from ..rulefiles._toml_read import read_toml

__all__ = ["load_raw"]


def load_raw(
    data: Mapping[str, Any] | str | os.PathLike[str],
) -> tuple[Mapping[str, Any], str | None]:
    """The raw mapping behind ``data`` (a mapping, or a TOML/JSON file path) and its file name."""
    if isinstance(data, Mapping):
        refuse_odd_keys(data, InputError, None)
        return data, None
    if not isinstance(data, str | os.PathLike):
        log = ProblemLog()
        log.add(
            msg(
                "data must be a mapping or the path of a TOML/JSON file, not {type}",
                type=type(data).__name__,
            ),
        )
        log.raise_if_any(InputError)
    path = Path(data)
    if path.suffix.lower() == ".json":
        return _read_json(path), str(path)
    return read_toml(path, error=InputError), str(path)


def _read_json(path: Path) -> Mapping[str, Any]:
    log = ProblemLog(file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
        raw = json.loads(
            text, parse_float=exact_decimal, parse_int=_whole, parse_constant=_refuse_constant
        )
    except OSError as exc:
        log.add(msg("cannot read the file ({strerror})", strerror=exc.strerror))
    except UnicodeDecodeError:
        log.add(msg("the file is not UTF-8 text"))
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        log.add(msg("not valid JSON: {exc}", exc=exc), line=line)
    else:
        if isinstance(raw, Mapping):
            return raw
        log.add(msg("the data must be a JSON object"))
    log.raise_if_any(InputError)
    raise AssertionError("unreachable")


def _whole(text: str) -> int | Decimal:
    # Python refuses int() of over 4,300 digits; as a Decimal, it is refused for its size
    # where it is used, with the input's name.
    return int(text) if len(text) < _INT_DIGITS else exact_decimal(text)


_INT_DIGITS = 4_000


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")
