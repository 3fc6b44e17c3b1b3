"""Whole rule sets: the header drawn here, the criteria tree by ``_Draft``, and the options."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument

from ..language.model import Ruleset
from ..numbers import ROUNDING_MODES
from ..rulefiles.loader import parse_ruleset
from ._draft import _Draft, _segment
from ._drawing import _cents, _chance, _pick, _split, _toml_number

# Documented in __init__.py, which exports it: the API page reads a ``#:`` comment
# from the module that documents the name, not from the one that defines it.
DRAWN_KINDS = (
    "check",
    "bands",
    "linear",
    "per_item",
    "levels",
    "deduct",
    "formula",
    "manual",
    "relative",
)

_PROVINCES = ("mau", "dak-nong", "lam-dong", "ha-noi", "can-tho", "thua-thien-hue")
_LEVELS = ("xa", "huyen", "tinh", "so-nganh")
_TITLES = (
    "Bộ tiêu chí đánh giá Chỉ số CCHC",
    "Bộ chỉ số cải cách hành chính cấp xã",
    "Chỉ số CCHC các sở, ban, ngành",
)


@st.composite
def _raw_ruleset(
    draw: st.DrawFn,
    *,
    max_depth: int,
    max_children: int,
    kinds: tuple[str, ...],
    not_applicable: str | None,
    with_dues: bool,
) -> dict[str, Any]:
    year = draw(st.integers(2015, 2035))
    level = _pick(draw, _LEVELS)
    total = 10_000 if not _chance(draw, 3) else draw(st.integers(1, 20_000))
    head: dict[str, Any] = {
        "id": f"{_pick(draw, _PROVINCES)}/{year}/{level}",
        "title": _pick(draw, _TITLES),
        "level": level,
        "year": year,
        "max": _toml_number(_cents(total)),
    }
    if _chance(draw, 2):
        head["title_en"] = "Administrative reform index"
    if _chance(draw, 2):
        head["basis"] = _pick(
            draw,
            (
                "1704/QĐ-UBND",
                {"decision": "1704/QĐ-UBND", "date": date(year - 1, 10, 18)},
                {"decision": "01/QĐ-UBND", "issuer": "UBND tỉnh"},
            ),
        )
    if _chance(draw, 2):
        head["rounding"] = {
            "places": draw(st.integers(0, 4)),
            "mode": _pick(draw, sorted(ROUNDING_MODES)),
        }
    draft = _Draft(draw, year=year, kinds=kinds, not_applicable=not_applicable, with_dues=with_dues)
    fields = draw(st.integers(1, max_children))
    style = _pick(draw, ("arabic", "arabic", "roman"))
    for i, part in enumerate(_split(draw, total, fields), start=1):
        draft.node(_segment(style, i), part, 1, max_depth, max_children)
    if _chance(draw, 4):  # declared and read by no rule: data may still give it
        draft.inputs["ngay_ban_hanh"] = {"type": "date", "label": "Ngày ban hành kế hoạch"}
    raw: dict[str, Any] = {"ruleset": head}
    if draft.inputs:
        raw["inputs"] = draft.inputs
    constraints = draft.constraints()
    if constraints:
        raw["constraints"] = constraints
    raw["criteria"] = draft.criteria
    return raw


def raw_rulesets(
    *,
    max_depth: int = 3,
    max_children: int = 4,
    kinds: Iterable[str] | None = None,
    not_applicable: str | None = None,
    with_dues: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw rule-set mappings, shaped as a rule file read from TOML, valid by construction.

    ``max_depth``: levels of the criteria tree (1: every field is a leaf).
    ``max_children``: most fields, and most children of a node.
    ``kinds``: the scoring kinds leaves may use (default: all of :data:`DRAWN_KINDS`).
    ``not_applicable``: the policy every leaf declares, ``"full"`` or ``"rescale"``;
    ``None`` draws one per leaf (or none, meaning ``full``).
    ``with_dues``: whether nodes may have deadlines (dates, ``"dd/mm"``, ``"dd/mm/yyyy"``).

    Values are what :mod:`tomllib` gives with ``parse_float=Decimal``: ``int``,
    :class:`~decimal.Decimal`, :class:`~datetime.date`, ``str``, lists and dicts.
    Maxima have at most two decimal places; children's add up to their parent's.
    """
    if not isinstance(max_depth, int) or max_depth < 1:
        raise InvalidArgument(f"max_depth must be a whole number of at least 1, not {max_depth!r}")
    if not isinstance(max_children, int) or not 1 <= max_children <= 999:
        raise InvalidArgument(
            f"max_children must be a whole number from 1 to 999, not {max_children!r}"
        )
    chosen = DRAWN_KINDS if kinds is None else tuple(dict.fromkeys(kinds))
    if not chosen or any(k not in DRAWN_KINDS for k in chosen):
        raise InvalidArgument(
            f"kinds must be a non-empty selection of {DRAWN_KINDS}, not {kinds!r}"
        )
    if not_applicable not in (None, "full", "rescale"):
        raise InvalidArgument(
            f"not_applicable must be None, 'full' or 'rescale', not {not_applicable!r}"
        )
    return _raw_ruleset(
        max_depth=max_depth,
        max_children=max_children,
        kinds=chosen,
        not_applicable=not_applicable,
        with_dues=with_dues,
    )


def rulesets(
    *,
    max_depth: int = 3,
    max_children: int = 4,
    kinds: Iterable[str] | None = None,
    not_applicable: str | None = None,
    with_dues: bool = True,
) -> st.SearchStrategy[Ruleset]:
    """Valid :class:`~cchc_index.Ruleset` objects; the options are those of :func:`raw_rulesets`."""
    return raw_rulesets(
        max_depth=max_depth,
        max_children=max_children,
        kinds=kinds,
        not_applicable=not_applicable,
        with_dues=with_dues,
    ).map(parse_ruleset)
