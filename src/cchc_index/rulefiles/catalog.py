"""The rule sets that can be loaded by id, and loading one by id or path.

Where they are found (the bundled ``rules/`` folder, installed rule packages) is
:mod:`cchc_index.rulefiles._places`.
"""

from __future__ import annotations

import os
from pathlib import Path

from attrs import frozen

from ..errors import Location, Problem, RulesetError
from ..i18n import msg
from ..language.model import Ruleset
from ._places import ENTRY_POINT_GROUP, ID_PATTERN, bundled_root, find_ruleset, rulesets_found
from ._places import clash as _clash
from .loader import load_file, read_header

__all__ = [
    "ENTRY_POINT_GROUP",
    "RulesetInfo",
    "bundled_root",
    "find_ruleset",
    "list_rulesets",
    "load_ruleset",
]


@frozen(kw_only=True)
class RulesetInfo:
    """A rule set that can be loaded by id, and where it comes from."""

    id: str
    title: str
    basis: str | None
    origin: str
    path: Path


def list_rulesets() -> list[RulesetInfo]:
    """Every rule set that can be loaded by id, sorted by id.

    A clash between two ids raises :class:`RulesetError` naming both places.
    """
    infos: list[RulesetInfo] = []
    for ruleset_id, places in sorted(rulesets_found().items()):
        if len(places) > 1:
            raise _clash(ruleset_id, places)
        origin, path = places[0]
        header = read_header(path)
        infos.append(
            RulesetInfo(
                id=ruleset_id,
                title=header.get("title", ""),
                basis=header.get("basis"),
                origin=origin,
                path=path,
            )
        )
    return infos


def load_ruleset(source: str | os.PathLike[str]) -> Ruleset:
    """Load a rule set by id (``"dak-nong/2022/huyen"``) or from a file or folder path."""
    if not isinstance(source, str | os.PathLike):
        raise RulesetError(
            Problem(
                what=msg(
                    "a rule set is named by an id or a path, not {type}", type=type(source).__name__
                ),
            )
        )
    path = Path(source)
    if isinstance(source, str) and ID_PATTERN.fullmatch(source) and not _exists(path):
        ruleset = load_file(find_ruleset(source))
        if ruleset.id != source:  # an `id = ...` line of another table matched
            raise RulesetError(
                Problem(
                    where=Location(file=ruleset.source, key="id"),
                    what=msg(
                        "this file was found for id {source!r} but declares {id!r}",
                        source=source,
                        id=ruleset.id,
                    ),
                )
            )
        return ruleset
    if not _exists(path):
        raise RulesetError(
            Problem(
                what=msg(
                    "{source!s} is neither a rule file nor a known rule-set id", source=source
                ),
            )
        )
    return load_file(path)


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name too long for a file, or with a NUL, does not."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False
