"""Finding rule sets by id: the ones bundled under ``rules/`` in this package.

A rule set lives in a folder ``<province>/<year>/<level>/ruleset.toml`` whose path
is its id; its worked examples sit beside it in ``examples/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from .errors import Problem, RulesetError, suggest, suggest_vi
from .loader import ID_PATTERN, RULESET_FILE, load_file
from .model import Ruleset

__all__ = ["bundled_root", "find_ruleset", "known_ids", "load_ruleset"]


def bundled_root() -> Path:
    """The folder of bundled rule sets: inside the installed package, or the source tree's."""
    packaged = Path(str(resources.files("cchc_index"))) / "rules"
    if packaged.is_dir():
        return packaged
    # Running from a source checkout (editable install): rules/ sits at the top.
    return Path(__file__).resolve().parents[2] / "rules"


def _bundled() -> Iterator[tuple[str, Path]]:
    root = bundled_root()
    for path in sorted(root.glob(f"*/*/*/{RULESET_FILE}")):
        yield path.parent.relative_to(root).as_posix(), path


def known_ids() -> list[str]:
    """Ids of every bundled rule set, sorted."""
    return [ruleset_id for ruleset_id, _ in _bundled()]


def find_ruleset(ruleset_id: str) -> Path:
    """The file of the bundled rule set ``ruleset_id``; :class:`RulesetError` if unknown."""
    for known, path in _bundled():
        if known == ruleset_id:
            return path
    ids = known_ids()
    raise RulesetError(
        Problem(
            en=f"no rule set with id {ruleset_id!r}{suggest(ruleset_id, ids)}; "
            f"known: {', '.join(ids) or 'none'}",
            vi=f"không có bộ tiêu chí mã {ruleset_id!r}{suggest_vi(ruleset_id, ids)}; "
            f"hiện có: {', '.join(ids) or 'không có'}",
        )
    )


def load_ruleset(source: str | os.PathLike[str]) -> Ruleset:
    """Load a rule set by id (``"dak-nong/2022/huyen"``) or from a file or folder path."""
    if not isinstance(source, str | os.PathLike):
        raise RulesetError(
            Problem(
                en=f"a rule set is named by an id or a path, not {type(source).__name__}",
                vi=f"bộ tiêu chí được chỉ bằng mã hoặc đường dẫn, không phải "
                f"{type(source).__name__}",
            )
        )
    path = Path(source)
    if isinstance(source, str) and ID_PATTERN.fullmatch(source) and not path.exists():
        path = find_ruleset(source)
        ruleset = load_file(path)
        if ruleset.id != source:
            raise RulesetError(
                Problem(
                    en=f"{path} declares id {ruleset.id!r} but sits at {source!r}",
                    vi=f"{path} khai báo mã {ruleset.id!r} nhưng nằm ở {source!r}",
                )
            )
        return ruleset
    if not path.exists():
        raise RulesetError(
            Problem(
                en=f"{source!s} is neither a rule file nor a known rule-set id "
                f"(known: {', '.join(known_ids()) or 'none'})",
                vi=f"{source!s} không phải tệp quy tắc cũng không phải mã bộ tiêu chí đã biết "
                f"(hiện có: {', '.join(known_ids()) or 'không có'})",
            )
        )
    return load_file(path)
