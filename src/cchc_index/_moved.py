"""The public modules that moved into the stage packages, still found by their former names.

``import cchc_index.loader`` and ``from cchc_index.model import Grade`` keep working:
a finder on :data:`sys.meta_path` answers for each former name with the very module
at its new place (one module object under two names, so its classes, caches and
registries are shared). New code imports from the new places, which the
documentation shows.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

__all__ = ["MOVED", "install"]

#: Where each moved module is now, by its former name.
MOVED = {
    f"cchc_index.{old}": f"cchc_index.{new}"
    for old, new in (
        ("model", "language.model"),
        ("expressions", "language.expressions"),
        ("trace", "language.trace"),
        ("loader", "rulefiles.loader"),
        ("catalog", "rulefiles.catalog"),
        ("schema", "rulefiles.schema"),
        ("dump", "rulefiles.dump"),
        ("diff", "rulefiles.diff"),
        ("data", "scoring.data"),
        ("result", "scoring.result"),
        ("grades", "scoring.grades"),
        ("evaluator", "scoring.evaluator"),
        ("whatif", "scoring.whatif"),
        ("batch", "scoring.batch"),
        ("examples", "scoring.examples"),
        ("explain", "reports.explain"),
        ("reconcile", "reports.reconcile"),
        ("overview", "reports.overview"),
        ("comparison", "reports.comparison"),
        ("plan", "reports.plan"),
        ("report", "reports.report"),
        ("check", "reports.check"),
    )
}


class _Former:
    """Finds a former module name and gives the module now at its new place.

    A meta path finder and its loader (see :mod:`importlib.abc`), written without the
    abstract classes, whose import brings :mod:`importlib.resources` and more.
    """

    def __init__(self) -> None:
        #: The spec each module was imported under, while its former name is imported.
        self.own: dict[str, ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = importlib.import_module(MOVED[spec.name])
        self.own[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system has just given the module the former name's spec; it keeps
        # its own, under which it was imported (and is reloaded, and found by tools).
        former = module.__spec__
        if former is not None and former.name in self.own:
            module.__spec__ = self.own.pop(former.name)


def install() -> None:
    """Put the finder on :data:`sys.meta_path`, once."""
    if not any(isinstance(finder, _Former) for finder in sys.meta_path):
        sys.meta_path.append(_Former())
