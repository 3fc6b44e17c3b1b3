"""The library's error hierarchy: every failure says where it happened and what went wrong.

One root, :class:`CchcIndexError`; below it :class:`RulesetError` (a rule file that
cannot be used), :class:`ExpressionError` (an expression in a rule file that is
refused or fails) and :class:`InputError` (unit data that breaks its declarations).

Loading and input checking collect *every* problem before raising, so one error
carries a tuple of :class:`Problem`, each with a :class:`Location` and a
:class:`~cchc_index.i18n.Message` translated where it is shown, in Vietnamese or
English.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from attrs import field, frozen

from .i18n import Message, Said, msg, refuse_locales_with

__all__ = [
    "CchcIndexError",
    "ExpressionError",
    "InputError",
    "LocaleError",
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

    def text(self, locale: str | None = None) -> str:
        """The place in words, in the language of ``locale``; empty when nothing is known."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(msg("line {line}", line=self.line).text(locale))
        if self.node is not None:
            parts.append(msg("criterion {code!r}", code=self.node).text(locale))
        if self.input is not None:
            parts.append(msg("input {name!r}", name=self.input).text(locale))
        if self.key is not None:
            parts.append(msg("key {key!r}", key=self.key).text(locale))
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.text("en")


@frozen(kw_only=True)
class Problem(Said):
    """One thing wrong: where (:class:`Location`) and what (a message worded when shown).

    ``message(locale)`` gives it without its location, ``located(locale)`` with it.
    """

    where: Location = field(factory=Location)
    what: Message

    def located(self, locale: str | None = "vi") -> str:
        """``location: message`` in the language of ``locale``."""
        where = self.where.text(locale)
        return f"{where}: {self.message(locale)}" if where else self.message(locale)

    def __str__(self) -> str:
        where = self.where.text("vi")
        both = f"{self.vi} / {self.en}"
        return f"{where}: {both}" if where else both


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

    def messages(self, locale: str | None = "vi") -> list[str]:
        """Every problem as ``location: message`` in the language of ``locale``."""
        return [p.located(locale) for p in self.problems]


class RulesetError(CchcIndexError, ValueError):
    """A rule file or rule set that cannot be loaded or used."""


class ExpressionError(RulesetError):
    """An expression in a rule set that is refused at load time or fails when evaluated."""


class InputError(CchcIndexError, ValueError):
    """Unit data that breaks what the rule set declares (types, bounds, constraints, names)."""


class LocaleError(CchcIndexError, ValueError):
    """A locale with no catalog: the library speaks Vietnamese (``vi``) and English (``en``)."""

    def __init__(self, locale: object) -> None:
        super().__init__(
            Problem(
                where=Location(key="locale"),
                what=msg("no messages in {locale!r}: use 'vi' or 'en'", locale=locale),
            )
        )


refuse_locales_with(LocaleError)


def suggest(name: object, choices: Iterable[object]) -> Message | str:
    """A "did you mean" tail for an unknown ``name``, or an empty string."""
    if not isinstance(name, str) or len(name) > 200:  # nothing is close to a long text
        return ""
    texts = [choice for choice in choices if isinstance(choice, str)]
    close = difflib.get_close_matches(name, texts, n=1, cutoff=0.6)
    return msg(" (did you mean {name!r}?)", name=close[0]) if close else ""


class ProblemLog:
    """Collects problems while a whole file or data set is checked, then raises once."""

    def __init__(self, *, file: str | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._expression_problems = 0

    def add(
        self,
        what: Message,
        *,
        line: int | None = None,
        node: str | None = None,
        input: str | None = None,
        key: str | None = None,
        file: str | None = None,
    ) -> None:
        """Record one problem at the given place (the log's file unless ``file`` is given)."""
        where = Location(file=file or self.file, line=line, node=node, input=input, key=key)
        self.problems.append(Problem(where=where, what=what))

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
