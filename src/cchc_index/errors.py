"""The library's error hierarchy: every failure says where it happened and what went wrong.

One root, :class:`CchcIndexError`; below it :class:`RulesetError` (a rule file that
cannot be used), :class:`ExpressionError` (an expression in a rule file that is
refused or fails) and :class:`InputError` (unit data that breaks its declarations).

Loading and input checking collect *every* problem before raising, so one error
carries a tuple of :class:`Problem`, each with a :class:`Location` and a message in
Vietnamese and English.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from attrs import field, frozen

__all__ = [
    "CchcIndexError",
    "ExpressionError",
    "InputError",
    "Location",
    "Problem",
    "RulesetError",
]


@frozen(kw_only=True)
class Location:
    """Where a problem is: file, line, criterion code, input name, key."""

    file: str | None = None
    line: int | None = None
    node: str | None = None
    input: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.node is not None:
            parts.append(f"criterion {self.node!r}")
        if self.input is not None:
            parts.append(f"input {self.input!r}")
        if self.key is not None:
            parts.append(f"key {self.key!r}")
        return ", ".join(parts)


@frozen(kw_only=True)
class Problem:
    """One thing wrong, located, said in English (``en``) and Vietnamese (``vi``)."""

    where: Location = field(factory=Location)
    en: str
    vi: str

    def message(self, locale: str = "vi") -> str:
        """The message in ``locale`` (``vi`` or ``en``), without its location."""
        return self.en if locale.startswith("en") else self.vi

    def __str__(self) -> str:
        where = str(self.where)
        return f"{where}: {self.vi} / {self.en}" if where else f"{self.vi} / {self.en}"


class CchcIndexError(Exception):
    """Root of every error the library raises; holds one or more located problems."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems = (problems,) if isinstance(problems, Problem) else tuple(problems)
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  - {p}" for p in self.problems)
        return "\n".join(lines)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def messages(self, locale: str = "vi") -> list[str]:
        """Every problem as ``location: message`` in one language."""
        return [
            f"{p.where}: {p.message(locale)}" if str(p.where) else p.message(locale)
            for p in self.problems
        ]


class RulesetError(CchcIndexError, ValueError):
    """A rule file or rule set that cannot be loaded or used."""


class ExpressionError(RulesetError):
    """An expression in a rule set that is refused at load time or fails when evaluated."""


class InputError(CchcIndexError, ValueError):
    """Unit data that breaks what the rule set declares (types, bounds, constraints, names)."""


def suggest(name: str, choices: Iterable[str]) -> str:
    """A "did you mean" tail for an unknown ``name``, or an empty string."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def suggest_vi(name: str, choices: Iterable[str]) -> str:
    """The Vietnamese form of :func:`suggest`."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (có phải là {close[0]!r}?)" if close else ""


class ProblemLog:
    """Collects problems while a whole file or data set is checked, then raises once."""

    def __init__(self, *, file: str | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._expression_problems = 0

    def add(
        self,
        en: str,
        vi: str,
        *,
        line: int | None = None,
        node: str | None = None,
        input: str | None = None,
        key: str | None = None,
        file: str | None = None,
    ) -> None:
        """Record one problem at the given place (the log's file unless ``file`` is given)."""
        where = Location(file=file or self.file, line=line, node=node, input=input, key=key)
        self.problems.append(Problem(where=where, en=en, vi=vi))

    def extend(self, problems: Iterable[Problem], *, expression: bool = False) -> None:
        """Record problems found elsewhere (an expression's, a nested check's)."""
        before = len(self.problems)
        self.problems.extend(problems)
        if expression:
            self._expression_problems += len(self.problems) - before

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, error: type[CchcIndexError]) -> None:
        """Raise ``error`` with every problem recorded, if there is any.

        A rule-set log whose problems are all about expressions raises
        :class:`ExpressionError`, so callers can tell a refused expression apart.
        """
        if not self.problems:
            return
        if issubclass(ExpressionError, error) and self._expression_problems == len(self.problems):
            raise ExpressionError(self.problems)
        raise error(self.problems)
