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

from attrs import frozen

from ..errors import Location, Problem, RulesetError, suggest
from ..i18n import msg
from ..language.model import Ruleset
from .loader import ID_PATTERN, RULESET_FILE, load_file, read_header

if TYPE_CHECKING:
    from importlib import metadata

__all__ = [
    "ENTRY_POINT_GROUP",
    "RulesetInfo",
    "bundled_root",
    "find_ruleset",
    "list_rulesets",
    "load_ruleset",
]

#: The entry-point group through which packages publish rule sets.
ENTRY_POINT_GROUP = "cchc_index.rulesets"
#: Where bundled rule sets come from, in :attr:`RulesetInfo.origin`.
BUNDLED = "cchc_index"
#: How deep below a root rule-set folders are looked for.
_MAX_DEPTH = 6
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@frozen(kw_only=True)
class RulesetInfo:
    """A rule set that can be loaded by id, and where it comes from."""

    id: str
    title: str
    basis: str | None
    origin: str
    path: Path


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


def _index() -> dict[str, list[tuple[str, Path]]]:
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


def _clash(ruleset_id: str, places: list[tuple[str, Path]]) -> RulesetError:
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
    index = _index()
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
        raise _clash(ruleset_id, places)
    return places[0][1]


def list_rulesets() -> list[RulesetInfo]:
    """Every rule set that can be loaded by id, sorted by id.

    A clash between two ids raises :class:`RulesetError` naming both places.
    """
    infos: list[RulesetInfo] = []
    for ruleset_id, places in sorted(_index().items()):
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
