"""The shared helpers of the rule-file readers: located problems, typed keys."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..errors import ProblemLog, suggest
from ..i18n import Message, msg
from ..language._rule_keys import ACKNOWLEDGE_KEYS
from ..language.model import Acknowledgement, Inconsistency
from ..numbers import NumberError, plain, to_decimal
from ._inheritance import Locator

_ACKNOWLEDGE_KEYS = tuple(ACKNOWLEDGE_KEYS)


class TableReader:
    """Reads tables of one raw rule file, logging every problem with its line."""

    def __init__(self, raw: Mapping[str, Any], *, locator: Locator, log: ProblemLog) -> None:
        self.raw = raw
        self.locator = locator
        self.log = log

    @property
    def file(self) -> str | None:
        """The file being loaded (the last of a chain of extending files)."""
        return self.locator.default.file

    def problem(self, what: Message, *path: str, **where: Any) -> None:
        """Record a problem at the file and line that wrote ``path`` (a table or key)."""
        file, line = self.locator.locate(*path)
        self.log.add(what, line=line, file=file, **where)

    def table(self, value: Any, name: str, *, required: bool = False) -> Mapping[str, Any]:
        if value is None:
            if required:
                self.problem(msg("missing table [{name}]", name=name))
            return {}
        if not isinstance(value, Mapping):
            self.problem(msg("{name!r} must be a table", name=name), name)
            return {}
        return value

    def unknown_keys(
        self,
        table: Mapping[str, Any],
        known: tuple[str, ...],
        what: str,
        path: tuple[str, ...],
        **where: Any,
    ) -> None:
        for key in table:
            if key not in known:
                self.problem(
                    msg(
                        "unknown {what} key {key!r}{hint}",
                        what=what,
                        key=key,
                        hint=suggest(key, known),
                    ),
                    *path,
                    key,
                    key=key,
                    **where,
                )

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        path: tuple[str, ...],
        *,
        required: bool,
        **where: Any,
    ) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(msg("missing key {key!r}", key=key), *path, key=key, **where)
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(
                msg("{key!r} must be non-empty text, not {value!r}", key=key, value=value),
                *path,
                key,
                key=key,
                **where,
            )
            return None
        return value.strip()

    def number(
        self, table: Mapping[str, Any], key: str, path: tuple[str, ...], **where: Any
    ) -> Decimal | None:
        if key not in table:
            return None
        try:
            return plain(to_decimal(table[key]))
        except (TypeError, ValueError) as exc:
            wrong = msg("{key!r} must be a number, not {table!r}", key=key, table=table[key])
            self.problem(
                exc.refusal(table[key], wrong) if isinstance(exc, NumberError) else wrong,
                *path,
                key,
                key=key,
                **where,
            )
            return None

    def boolean(
        self,
        table: Mapping[str, Any],
        key: str,
        path: tuple[str, ...],
        *,
        default: bool,
        **where: Any,
    ) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(
                msg("{key!r} must be true or false, not {value!r}", key=key, value=value),
                *path,
                key,
                key=key,
                **where,
            )
            return default
        return value

    def acknowledged(
        self, raw: Any, path: tuple[str, ...], **where: Any
    ) -> tuple[Acknowledgement, ...]:
        """The decree's inconsistencies that ``acknowledge = { … }`` keeps as written."""
        if raw is None:
            return ()
        path = (*path, "acknowledge")
        if not isinstance(raw, Mapping):
            self.problem(
                msg(
                    "'acknowledge' must be a table such as {{ sum = \"…\" }}: which of the "
                    "decree's figures disagree ({issues}), and what the decree says",
                    issues=", ".join(i.value for i in Inconsistency),
                ),
                *path,
                key="acknowledge",
                **where,
            )
            return ()
        self.unknown_keys(raw, _ACKNOWLEDGE_KEYS, "acknowledge", path, **where)
        found = []
        for issue in Inconsistency:
            note = self.text(raw, issue.value, path, required=False, **where)
            if note is not None:
                found.append(Acknowledgement(issue=issue, note=note))
        return tuple(found)
