"""Worked examples: unit data beside a rule set with the result it must give.

An example is a data file in the rule set's ``examples/`` folder with an
``[expected]`` table, like tests that live beside the rules::

    [expected]
    total = { points = 64.7, pending = 15, lost = 20.3 }
    "1" = { points = 12, pending = 1 }
    "2" = { points = 8.7, estimated = true }
    "1.1" = { status = "not_due" }

Each entry may give ``points``, ``pending``, ``lost``, ``max``, ``status`` and
``estimated``; only what is given is compared, exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import InputError, Location, Problem
from ..i18n import Message, msg
from ..language.model import Ruleset
from ..numbers import NumberError, format_plain, to_decimal
from ..rulefiles._toml_read import read_toml
from .evaluator import evaluate
from .result import NodeResult, Result

__all__ = ["Mismatch", "example_paths", "verify_example"]

_NUMBERS = ("points", "pending", "lost", "max")
_KEYS = (*_NUMBERS, "status", "estimated")


@frozen(kw_only=True)
class Mismatch:
    """One way an example's result differs from what it expects."""

    example: str
    code: str
    key: str
    expected: object
    actual: object

    @property
    def what(self) -> Message:
        """The difference in words, translated where shown."""
        if self.code == "total":
            return msg(
                "{example}: total {key}: expected {expected}, got {actual}",
                example=self.example,
                key=self.key,
                expected=self.expected,
                actual=self.actual,
            )
        return msg(
            "{example}: criterion {code!r} {key}: expected {expected}, got {actual}",
            example=self.example,
            code=self.code,
            key=self.key,
            expected=self.expected,
            actual=self.actual,
        )

    def message(self, locale: str | None = "vi") -> str:
        """The difference in words, in the language of ``locale`` (``vi`` or ``en``)."""
        return self.what.text(locale)


def example_paths(ruleset: Ruleset) -> list[Path]:
    """The example files beside a rule set loaded from a file, sorted by name."""
    if ruleset.source is None:
        return []
    return sorted((Path(ruleset.source).parent / "examples").glob("*.toml"))


def verify_example(ruleset: Ruleset, path: str | Path) -> list[Mismatch]:
    """Evaluate the example at ``path`` and list every difference from its ``[expected]``.

    A file without ``[expected]``, or with a malformed one, raises :class:`InputError`.
    """
    path = Path(path)
    raw = read_toml(path, error=InputError)
    expected = raw.get("expected")
    if not isinstance(expected, Mapping) or not expected:
        raise InputError(
            Problem(
                where=Location(file=str(path), key="expected"),
                what=msg("an example needs an [expected] table with the result it must give"),
            )
        )
    result = evaluate(ruleset, path)
    mismatches: list[Mismatch] = []
    for code, wanted in expected.items():
        node = _node(result, code, path)
        if not isinstance(wanted, Mapping) or not wanted or any(k not in _KEYS for k in wanted):
            raise InputError(
                Problem(
                    where=Location(file=str(path), node=code, key="expected"),
                    what=msg(
                        "expected values are a table with keys among {list}", list=list(_KEYS)
                    ),
                )
            )
        for key, value in wanted.items():
            actual = getattr(node, key)
            if key in _NUMBERS:
                value = _number(value, path, code, key)
                same = value == actual
                shown: tuple[object, object] = (format_plain(value), format_plain(actual))
            elif key == "status":
                same = value == actual.value
                shown = (value, actual.value)
            else:
                same = value is actual
                shown = (value, actual)
            if not same:
                mismatches.append(
                    Mismatch(
                        example=path.name, code=code, key=key, expected=shown[0], actual=shown[1]
                    )
                )
    return mismatches


def _node(result: Result, code: str, path: Path) -> Result | NodeResult:
    if code == "total":
        return result
    if code not in result:
        raise InputError(
            Problem(
                where=Location(file=str(path), node=code, key="expected"),
                what=msg(
                    "the example expects criterion {code!r}, which the rule set does not have",
                    code=code,
                ),
            )
        )
    return result[code]


def _number(value: Any, path: Path, code: str, key: str) -> Decimal:
    try:
        return to_decimal(value)
    except (TypeError, ValueError) as exc:
        wrong = msg("expected {key} {value!r} is not a number", key=key, value=value)
        raise InputError(
            Problem(
                where=Location(file=str(path), node=code, key=key),
                what=exc.refusal(value, wrong) if isinstance(exc, NumberError) else wrong,
            )
        ) from None
