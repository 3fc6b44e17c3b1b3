"""Finding rule sets by id: bundled ones, and those of installed rule packages.

A rule set is a folder holding ``ruleset.toml`` (its worked examples sit beside it
in ``examples/``). Rule sets are found under *roots*:

* the ``rules/`` folder bundled in this package;
* every installed package that declares an entry point in the group
  ``cchc_index.rulesets``, resolving to a folder (a path or a
  :class:`~importlib.resources.abc.Traversable`) or to a callable returning one.

Under a root, each rule set is known by the ``id`` its file declares. Two roots
declaring the same id are a clash: it is reported, never silently shadowed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, Problem, RulesetError, suggest
from ..i18n import msg

if TYPE_CHECKING:
    from importlib import metadata

__all__ = [
    "BUNDLED",
    "ENTRY_POINT_GROUP",
    "ID_PATTERN",
    "RULESET_FILE",
    "bundled_root",
    "clash",
    "find_ruleset",
    "rulesets_found",
]

#: A rule-set id: ``<province>/<year>/<level>``, lower-case ASCII words with hyphens.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/\d{4}/[a-z0-9]+(?:-[a-z0-9]+)*")
#: The file a rule-set folder holds.
RULESET_FILE = "ruleset.toml"
#: The entry-point group through which packages publish rule sets.
ENTRY_POINT_GROUP = "cchc_index.rulesets"
#: Where bundled rule sets come from, in :attr:`RulesetInfo.origin`.
BUNDLED = "cchc_index"
#: How deep below a root rule-set folders are looked for.
_MAX_DEPTH = 6
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def bundled_root() -> Path:
    """The folder of bundled rule sets: inside the installed package, or the source tree's."""
    package = Path(__file__).parents[1]  # cchc_index/, where the wheel puts rules/
    if package.is_dir():
        # A package on disk: importlib.resources would name this very folder, at a
        # cost greater than the rest of finding a rule set.
        packaged = package / "rules"
    else:
        from importlib import resources

        packaged = Path(str(resources.files("cchc_index"))) / "rules"
    if packaged.is_dir():
        return packaged
    # Running from a source checkout (editable install): rules/ sits at the top.
    return Path(__file__).resolve().parents[3] / "rules"


def _as_path(target: object, origin: str) -> Path:
    """An entry point's target as a folder on disk."""
    if callable(target):
        target = target()
    from importlib.resources.abc import Traversable

    if isinstance(target, str | os.PathLike):
        path = Path(target)
    elif isinstance(target, Traversable):
        # Rule sets inside zipped packages are extracted to a real folder for the
        # life of the process, so that `extends` and examples resolve as paths.
        path = Path(str(target))
        if not path.is_dir():
            raise RulesetError(
                Problem(
                    what=msg(
                        "rule package {origin!r}: {target} is not a folder on disk",
                        origin=origin,
                        target=target,
                    ),
                )
            )
    else:
        raise RulesetError(
            Problem(
                what=msg(
                    "rule package {origin!r}: the entry point gives {type}, not a folder",
                    origin=origin,
                    type=type(target).__name__,
                ),
            )
        )
    return path


def _roots() -> Iterator[tuple[str, Path]]:
    yield BUNDLED, bundled_root()
    for entry in _entry_points():
        origin = entry.dist.name if entry.dist is not None else entry.name
        try:
            path = _as_path(entry.load(), origin)
        except RulesetError:
            raise
        except Exception as exc:  # a broken third-party package gets a located error
            raise RulesetError(
                Problem(
                    what=msg(
                        "rule package {origin!r}: entry point {value!r} cannot be loaded "
                        "({type}: {exc})",
                        origin=origin,
                        value=entry.value,
                        type=type(exc).__name__,
                        exc=exc,
                    ),
                )
            ) from None
        yield origin, path


#: The entry points last found, and the state of the import path they were found in.
_ENTRY_POINTS: tuple[tuple[object, ...], tuple[metadata.EntryPoint, ...]] | None = None


def _entry_points() -> tuple[metadata.EntryPoint, ...]:
    """The group's entry points; looked up again when the import path or one of its
    folders changes (a package installed or removed), else remembered.

    Finding them reads the metadata of every installed distribution, which costs more
    than loading a rule set.
    """
    from importlib import metadata

    global _ENTRY_POINTS
    state = tuple(_stamp(Path(folder)) for folder in sys.path)
    if _ENTRY_POINTS is None or _ENTRY_POINTS[0] != state:
        _ENTRY_POINTS = (state, tuple(metadata.entry_points(group=ENTRY_POINT_GROUP)))
    return _ENTRY_POINTS[1]


def _stamp(path: Path) -> tuple[str, int, int] | None:
    """What changes when a folder's entries change: its name, inode and modification time."""
    try:
        found = path.stat()
    except (OSError, ValueError):
        return None
    return str(path), found.st_ino, found.st_mtime_ns


def _files(root: Path, depth: int = 0) -> Iterator[Path]:
    if depth > _MAX_DEPTH or not root.is_dir():
        return
    candidate = root / RULESET_FILE
    if candidate.is_file():
        yield candidate
    for child in sorted(root.iterdir()):
        if child.is_dir() and child.name != "examples" and not child.name.startswith("."):
            yield from _files(child, depth + 1)


def rulesets_found() -> dict[str, list[tuple[str, Path]]]:
    """Every rule-set id under every root, with each place it was found."""
    found: dict[str, list[tuple[str, Path]]] = {}
    for origin, root in _roots():
        for path in _files(root):
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # reported when someone loads that file by path
            match = _ID_LINE.search(text)
            if match:
                found.setdefault(match.group(1), []).append((origin, path))
    return found


def clash(ruleset_id: str, places: list[tuple[str, Path]]) -> RulesetError:
    shown = "; ".join(f"{origin}: {path}" for origin, path in places)
    return RulesetError(
        Problem(
            what=msg(
                "rule set id {ruleset_id!r} is declared more than once ({shown}); "
                "rename one of them",
                ruleset_id=ruleset_id,
                shown=shown,
            ),
        )
    )


def find_ruleset(ruleset_id: str) -> Path:
    """The file of the rule set ``ruleset_id``; :class:`RulesetError` if unknown or clashing."""
    index = rulesets_found()
    places = index.get(ruleset_id)
    if not places:
        raise RulesetError(
            Problem(
                where=Location(key="id"),
                what=msg(
                    "no rule set with id {id!r}{hint}; known: {known}",
                    id=ruleset_id,
                    hint=suggest(ruleset_id, index),
                    known=", ".join(sorted(index)) or msg("none"),
                ),
            )
        )
    if len(places) > 1:
        raise clash(ruleset_id, places)
    return places[0][1]
