"""Rule sets that extend others: resolve the chain of files, merge them, remember who set what.

A child file names its parent with ``[ruleset] extends = "<id or relative path>"``
and writes only what differs:

* ``[ruleset]`` keys override the parent's; the child always declares its own ``id``;
* ``[inputs.<name>]``, ``[constraints.<name>]`` and ``[criteria."<code>"]`` tables are
  merged key by key, so a table with only ``name`` renames a node and keeps the rest;
* a ``rule`` is replaced whole, never mixed key by key with the parent's rule;
* ``[ruleset] remove = ["3.4.2", ...]`` removes criteria with their subtrees, before
  the child's own tables are applied.

The merged mapping is then validated like a hand-written file; every problem is
located in the file (and line) that wrote the offending key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import ProblemLog, RulesetError
from ..i18n import msg
from ..language.model import Origin
from ._line_index import LineIndex

#: The tables merged entry by entry.
MERGED_TABLES = ("inputs", "constraints", "criteria")
#: The [ruleset] keys that steer inheritance and are consumed by the merge.
INHERITANCE_KEYS = ("extends", "remove")
#: The longest chain of parents followed (a province's revision of a revision of …).
MAX_CHAIN = 256


@frozen
class Layer:
    """One file of a chain: its raw mapping, its lines, where it lives."""

    raw: Mapping[str, Any]
    lines: LineIndex
    file: str | None
    folder: Path

    @property
    def origin(self) -> Origin:
        """The file and the rule-set id it declares."""
        head = self.raw.get("ruleset")
        declared = head.get("id") if isinstance(head, Mapping) else None
        return Origin(ruleset=declared if isinstance(declared, str) else None, file=self.file)


class Locator:
    """Answers "which file, which line" for any table or key of a merged rule set."""

    def __init__(self, default: Layer) -> None:
        self.default = default
        self.owners: dict[tuple[str, ...], list[Layer]] = {}

    def claim(self, layer: Layer, *path: str) -> None:
        """Record that ``layer`` set the table or key at ``path``."""
        owners = self.owners.setdefault(path, [])
        if layer not in owners:
            owners.append(layer)

    def owner(self, *path: str) -> Layer:
        """The layer that last set ``path`` or its nearest enclosing table."""
        for end in range(len(path), 0, -1):
            owners = self.owners.get(path[:end])
            if owners:
                return owners[-1]
        return self.default

    def locate(self, *path: str) -> tuple[str | None, int | None]:
        """The file and line where ``path`` was last written."""
        layer = self.owner(*path)
        return layer.file, layer.lines.line(*path)

    def origins(self, *path: str) -> tuple[Origin, ...]:
        """Every file that set something of the table at ``path``, first to last."""
        return tuple(layer.origin for layer in self.owners.get(path, [self.default]))


def resolve_chain(
    child: Layer, read: Callable[[Path], Layer], find: Callable[[str], Path]
) -> list[Layer]:
    """The chain ending in ``child``, oldest ancestor first; cycles and bad links raise.

    Files are told apart by their real path, however a link spells them
    (``../b``, ``../a/../b``, a bundled id), so a cycle is found as soon as a file
    comes round again, and reported as that cycle only.
    """
    chain = [child]
    seen = {_identity(child.file): 0} if child.file is not None else {}
    while True:
        layer = chain[0]
        head = layer.raw.get("ruleset")
        target = head.get("extends") if isinstance(head, Mapping) else None
        if target is None:
            return chain
        log = ProblemLog(file=layer.file)
        where: dict[str, Any] = {"line": layer.lines.line("ruleset", "extends"), "key": "extends"}
        if not isinstance(target, str) or not target.strip():
            log.add(
                msg(
                    "'extends' must name a rule-set id or a relative path, not {target!r}",
                    target=target,
                ),
                **where,
            )
            log.raise_if_any(RulesetError)
        try:
            path = _target_path(layer.folder, str(target), find)
            identity = _identity(str(path))
        except RulesetError as exc:  # no rule set with that id: say which file asked
            _relocate(log, exc, str(target), where)
        except (OSError, ValueError) as exc:  # a name too long for a file, a NUL in it
            log.add(
                msg(
                    "'extends' names {target!r}, which is neither a rule-set id nor a "
                    "file that can be read ({reason})",
                    target=target,
                    reason=getattr(exc, "strerror", None) or str(exc),
                ),
                **where,
            )
            log.raise_if_any(RulesetError)
        if identity in seen:
            # Counted from the first file of the cycle: the files in front of it
            # (those that extend into the cycle) are no part of it.
            cycle = [x.file for x in reversed(chain[: len(chain) - seen[identity]])]
            log.add(
                msg(
                    "'extends' makes a cycle: {names}",
                    names=" → ".join(str(f) for f in [*cycle, cycle[0]]),
                ),
                **where,
            )
            log.raise_if_any(RulesetError)
        if len(chain) > MAX_CHAIN:
            log.add(
                msg(
                    "'extends' goes {depth} files deep, more than the {most} followed",
                    depth=len(chain),
                    most=MAX_CHAIN,
                ),
                **where,
            )
            log.raise_if_any(RulesetError)
        seen[identity] = len(chain)
        try:
            chain.insert(0, read(path))
        except RulesetError as exc:
            if not all(p.where.file == str(path) and p.where.line is None for p in exc):
                raise  # a problem inside the parent file, already located there
            _relocate(log, exc, str(target), where)


def _identity(file: str) -> str:
    """A file's real path: the same file however a link names it."""
    return os.path.realpath(file)


def _relocate(log: ProblemLog, error: RulesetError, target: str, where: dict[str, Any]) -> None:
    """Raise ``error``'s problems as problems of the ``extends`` that led to them."""
    for problem in error.problems:
        log.add(
            msg("'extends' names {target!r}: {problem}", target=target, problem=problem.what),
            **where,
        )
    log.raise_if_any(RulesetError)


def _target_path(folder: Path, target: str, find: Callable[[str], Path]) -> Path:
    # "../a" from b/ is a/, as people write it (os.path.normpath keeps symbolic links).
    relative = Path(os.path.normpath(folder / target))
    if target.startswith(".") or relative.exists():
        return relative / "ruleset.toml" if relative.is_dir() else relative
    return find(target)


def merge(chain: list[Layer], log: ProblemLog) -> tuple[dict[str, Any], Locator]:
    """Merge a chain (oldest first) into one raw rule set, and who set each part.

    Problems of the merge itself (a bad ``remove``) go to ``log``, to be reported
    with those of validating the merged rule set.
    """
    locator = Locator(chain[-1])
    merged: dict[str, Any] = {}
    for depth, layer in enumerate(chain):
        raw = layer.raw
        for key, value in raw.items():
            if key == "ruleset" and isinstance(value, Mapping):
                _merge_head(merged, layer, value, locator, log, first=depth == 0)
            elif key in MERGED_TABLES and isinstance(value, Mapping):
                table = merged.setdefault(key, {})
                if not isinstance(table, dict):  # a broken ancestor table: replaced whole
                    table = merged[key] = {}
                for name, entry in value.items():
                    _merge_entry(table, key, name, entry, layer, locator)
            else:
                merged[key] = value
                locator.claim(layer, key)
    return merged, locator


def _merge_head(
    merged: dict[str, Any],
    layer: Layer,
    head: Mapping[str, Any],
    locator: Locator,
    log: ProblemLog,
    *,
    first: bool,
) -> None:
    table = merged.setdefault("ruleset", {})
    if not first:
        table.pop("id", None)  # a child always names itself
    if "remove" in head:
        _remove(merged, layer, head["remove"], log, extends="extends" in head)
    if "title" in head and "title_en" not in head and head["title"] != table.get("title"):
        # The parent's English title names the parent (its province, its year): a child
        # with a title of its own and no English one is shown by its own title.
        table.pop("title_en", None)
    for key, value in head.items():
        if key not in INHERITANCE_KEYS:
            table[key] = value
            locator.claim(layer, "ruleset", key)


def _merge_entry(
    table: dict[str, Any], kind: str, name: str, entry: Any, layer: Layer, locator: Locator
) -> None:
    if kind == "constraints" and isinstance(entry, str):
        entry = {"expr": entry}
    old = table.get(name)
    if isinstance(old, Mapping) and isinstance(entry, Mapping):
        table[name] = {**old, **entry}  # a `rule` key replaces the parent's rule whole
    else:
        table[name] = entry
    locator.claim(layer, kind, name)
    if isinstance(entry, Mapping):
        for key in entry:
            locator.claim(layer, kind, name, key)


def _remove(
    merged: dict[str, Any], layer: Layer, codes: Any, log: ProblemLog, *, extends: bool
) -> None:
    line = layer.lines.line("ruleset", "remove")
    where: dict[str, Any] = {"line": line, "key": "remove", "file": layer.file}
    if not extends:
        log.add(
            msg("'remove' takes criteria out of the rule set this one extends; add 'extends'"),
            **where,
        )
        return
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        log.add(
            msg("'remove' must be a list of criterion codes, such as [\"3.4.2\"]"),
            **where,
        )
        return
    criteria = merged.get("criteria")
    if not isinstance(criteria, dict):
        return
    for code in codes:
        if code not in criteria:
            log.add(
                msg(
                    "'remove' names {code!r}, which the extended rule set does not have", code=code
                ),
                node=code,
                **where,
            )
            continue
        for other in [c for c in criteria if c == code or c.startswith(code + ".")]:
            del criteria[other]
