"""TOML files read strictly: exact decimals, and every failure said with where it is."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import CchcIndexError, ProblemLog, RulesetError
from ..i18n import msg
from ..numbers import exact_decimal

__all__ = ["parse_toml", "read_text", "read_toml"]

#: What Python says of an integer too long to read from text (over 4,300 digits).
_TOO_MANY_DIGITS = "integer string conversion"


def read_toml(path: Path, error: type[CchcIndexError] = RulesetError) -> dict[str, Any]:
    """Read a TOML file with exact decimals; unreadable or malformed files raise ``error``."""
    return parse_toml(read_text(path, error), file=str(path), error=error)


def read_text(path: Path, error: type[CchcIndexError] = RulesetError) -> str:
    """A file's UTF-8 text; a missing, unreadable or wrongly encoded file raises ``error``."""
    log = ProblemLog(file=str(path))
    try:
        data = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        log.add(msg("cannot read the file ({reason})", reason=reason))
        log.raise_if_any(error)
        raise AssertionError("unreachable") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        log.add(
            msg(
                "the file is not UTF-8 text (save it as UTF-8; legacy TCVN3/VNI "
                "encodings are not read)"
            ),
            line=line,
        )
        log.raise_if_any(error)
    if "\x00" in text:
        log.add(msg("the file holds binary data, not text"))
        log.raise_if_any(error)
    return text


def parse_toml(
    text: str, *, file: str | None = None, error: type[CchcIndexError] = RulesetError
) -> dict[str, Any]:
    """Parse TOML text with exact decimals; syntax errors raise ``error`` with the line."""
    log = ProblemLog(file=file)
    if not text.strip():
        log.add(msg("the file is empty"))
    else:
        try:
            return tomllib.loads(text, parse_float=exact_decimal)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            log.add(
                msg("not valid TOML: {exc}", exc=exc),
                line=int(found.group(1)) if found else None,
            )
        except (RecursionError, ValueError) as exc:  # absurd nesting, bad characters
            if _TOO_MANY_DIGITS in str(exc):
                log.add(msg("a whole number of more than 4,300 digits: too large to be read"))
            else:
                log.add(msg("not valid TOML: {exc}", exc=exc))
    log.raise_if_any(error)
    raise AssertionError("unreachable")
