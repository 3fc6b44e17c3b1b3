"""Helpers shared by the core's tests: small rule sets built from plain mappings."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import evolve

from cchc_index import CchcIndexError, NodeResult, Problem, Result, Ruleset, evaluate
from cchc_index.rulefiles.loader import parse_ruleset

__all__ = [
    "FIXTURES",
    "exactly",
    "fresh",
    "leaf_ruleset",
    "line_of",
    "outcome",
    "raw_ruleset",
    "ruleset_from",
    "score_leaf",
    "where",
]

#: The folder of rule files and data written for the tests.
FIXTURES = Path(__file__).parent / "fixtures"

#: The ``[ruleset]`` table every helper-built rule set starts from.
HEAD: dict[str, Any] = {"id": "thu/2023/xa", "title": "Bộ thử", "level": "xa", "year": 2023}

#: An input declaration: its type name, or the whole table.
InputDecl = str | Mapping[str, Any]


def _input(name: str, decl: InputDecl) -> dict[str, Any]:
    if isinstance(decl, str):
        return {"type": decl, "label": name}
    return {"label": name, **decl}


def raw_ruleset(
    criteria: Mapping[str, Mapping[str, Any]],
    *,
    inputs: Mapping[str, InputDecl] | None = None,
    constraints: Mapping[str, Any] | None = None,
    **head: Any,
) -> dict[str, Any]:
    """The raw mapping of a rule set, as TOML would give it.

    The total ``max`` defaults to the sum of the fields' maxima; an input may be
    declared by its type name alone (``{"n": "count"}``).
    """
    total = sum(
        (Decimal(node["max"]) for code, node in criteria.items() if "." not in code), Decimal(0)
    )
    raw: dict[str, Any] = {
        "ruleset": {**HEAD, "max": total, **head},
        "inputs": {name: _input(name, decl) for name, decl in (inputs or {}).items()},
        "criteria": {code: dict(node) for code, node in criteria.items()},
    }
    if constraints is not None:
        raw["constraints"] = dict(constraints)
    return raw


def ruleset_from(
    criteria: Mapping[str, Mapping[str, Any]],
    *,
    inputs: Mapping[str, InputDecl] | None = None,
    constraints: Mapping[str, Any] | None = None,
    **head: Any,
) -> Ruleset:
    """A validated rule set from plain mappings, through :func:`parse_ruleset`."""
    return parse_ruleset(raw_ruleset(criteria, inputs=inputs, constraints=constraints, **head))


def leaf_ruleset(
    rule: Mapping[str, Any],
    *,
    max: int | str = 4,
    inputs: Mapping[str, InputDecl] | None = None,
    rounding: Mapping[str, Any] | None = None,
    **node: Any,
) -> Ruleset:
    """A rule set of one field ``1`` holding one leaf ``1.1`` scored by ``rule``."""
    head = {} if rounding is None else {"rounding": dict(rounding)}
    return ruleset_from(
        {
            "1": {"name": "Lĩnh vực", "max": Decimal(max)},
            "1.1": {"name": "Tiêu chí", "max": Decimal(max), "rule": dict(rule), **node},
        },
        inputs=inputs,
        **head,
    )


def score_leaf(ruleset: Ruleset, inputs: Mapping[str, Any], **data: Any) -> NodeResult:
    """The result of leaf ``1.1`` for a unit with ``inputs`` (and any other data keys)."""
    return evaluate(ruleset, {"inputs": dict(inputs), **data})["1.1"]


def where(problems: tuple[Problem, ...]) -> list[tuple[str | None, str | None]]:
    """Each problem as (node, input), in order: what tests compare locations by."""
    return [(p.where.node, p.where.input) for p in problems]


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")


def fresh(ruleset: Ruleset) -> Ruleset:
    """An equal rule set that has scored nothing yet: it keeps no plan and no records."""
    return evolve(ruleset)


def exactly(result: Result) -> tuple[Any, ...]:
    """Everything a result shows, every number as written, node by node, layer by layer."""
    return (
        repr(result),
        [repr(node) for node in result.walk()],
        result.to_dict(),
        {name: exactly(layer) for name, layer in result.earlier.items()},
    )


def outcome(ruleset: Ruleset, data: Mapping[str, Any]) -> tuple[Any, ...]:
    """What evaluating ``data`` gives: the result exactly, or the problems raised."""
    try:
        return ("scored", exactly(evaluate(ruleset, data)))
    except CchcIndexError as exc:
        return ("refused", type(exc).__name__, [repr(p) for p in exc.problems])
