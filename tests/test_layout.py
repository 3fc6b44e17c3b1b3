"""The package's layout: imports flow one way, from later stages to earlier ones, and
no module imports one that imports it back, however late (inside a function) it does.

The stages, earliest first, are those of ``docs/architecture.md``. Imports made only
for type checkers (``if TYPE_CHECKING:``) are not imports at run time and are left out.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import cchc_index
from cchc_index import _moved

PACKAGE = Path(cchc_index.__file__).parent
#: Each stage and the modules in it, earliest first: a module may import its own stage's
#: modules and earlier stages', never a later stage's.
STAGES = (
    ("foundation", ("_echo", "codes", "i18n", "errors", "numbers", "_moved")),
    ("language", ("language",)),
    ("kinds", ("kinds",)),
    ("rulefiles", ("rulefiles",)),
    ("scoring", ("scoring",)),
    ("reports", ("reports",)),
    ("outputs", ("render", "excel", "draft", "testing")),
    ("cli", ("cli", "__main__")),
)
#: The most lines a module may have (a little over this is tolerated, not more).
MOST_LINES = 520


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str) -> set[str]:
    """The package's modules that module ``name`` imports at run time, wherever it does."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if child in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imported(name) for name in MODULES}


def stage(name: str) -> int:
    short = name.removeprefix("cchc_index.")
    for rank, (_, members) in enumerate(STAGES):
        if any(short == member or short.startswith(member + ".") for member in members):
            return rank
    raise AssertionError(f"{name} is in no stage: add it to STAGES and docs/architecture.md")


def circles() -> Iterator[list[str]]:
    """Every group of modules that import one another round a circle (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(module: str) -> Iterator[list[str]]:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(GRAPH[module]):
            if other not in order:
                yield from visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                yield sorted(group)

    for module in sorted(GRAPH):
        if module not in order:
            yield from visit(module)


def test_the_graph_is_read() -> None:
    """The graph is the package's: the loader imports the model, the scorer the plan."""
    assert "cchc_index.language.model" in GRAPH["cchc_index.rulefiles.loader"]
    assert "cchc_index.scoring._plan" in GRAPH["cchc_index.scoring._scorer"]
    assert "cchc_index.i18n" in GRAPH["cchc_index.errors"]


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert list(circles()) == []


def test_a_circle_would_be_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: i18n importing errors back is a circle."""
    monkeypatch.setitem(GRAPH, "cchc_index.i18n", {*GRAPH["cchc_index.i18n"], "cchc_index.errors"})

    assert ["cchc_index.errors", "cchc_index.i18n"] in list(circles())


def upward() -> list[str]:
    """Every import of a later stage's module."""
    return sorted(
        f"{module} ({STAGES[stage(module)][0]}) imports {other} ({STAGES[stage(other)][0]})"
        for module, others in GRAPH.items()
        if module != "cchc_index"  # the package itself: its names, each imported when used
        for other in others
        if other != "cchc_index" and stage(other) > stage(module)
    )


def test_imports_flow_from_later_stages_to_earlier_ones() -> None:
    assert upward() == []


def test_an_import_of_a_later_stage_would_be_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: the loader grading results would import the scoring stage."""
    loader = "cchc_index.rulefiles.loader"
    monkeypatch.setitem(GRAPH, loader, {*GRAPH[loader], "cchc_index.scoring.grades"})

    assert upward() == [f"{loader} (rulefiles) imports cchc_index.scoring.grades (scoring)"]


def test_every_module_is_in_a_stage() -> None:
    for name in MODULES:
        if name != "cchc_index":
            stage(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_long(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MOST_LINES, f"{name}: {lines} lines; split it by concept"


@pytest.mark.parametrize(
    "name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py" and n != "cchc_index")
)
def test_every_package_says_what_it_holds(name: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    assert docstring, f"{name} has no docstring saying what it holds"


@pytest.mark.parametrize("former", sorted(_moved.MOVED))
def test_a_moved_module_is_found_by_its_former_name(former: str) -> None:
    """``import cchc_index.loader`` gives the very module now at rulefiles.loader."""
    module = importlib.import_module(former)

    assert module is importlib.import_module(_moved.MOVED[former])
    assert module.__spec__ is not None
    assert module.__spec__.name == _moved.MOVED[former]  # its own spec, not the alias's
    assert module.__name__ == _moved.MOVED[former]


def test_former_names_and_attributes_are_the_same_objects() -> None:
    from cchc_index.rulefiles.loader import parse_ruleset

    found: dict[str, object] = {}
    exec("from cchc_index.loader import parse_ruleset", found)  # as code written before

    assert found["parse_ruleset"] is parse_ruleset
    assert cchc_index.loader is importlib.import_module("cchc_index.rulefiles.loader")
    assert callable(cchc_index.diff)  # the function cc.diff, not the module of that name
