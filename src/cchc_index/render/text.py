"""A result as a plain-text tree that fits a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from ..reconcile import Discrepancy
from ..result import Result
from . import _words as words

_HEAD = {
    "vi": ("Mã", "Tiêu chí", "Điểm", "Tình trạng", "Chủ trì"),
    "en": ("Code", "Criterion", "Points", "Status", "Responsible"),
}
_TOTAL = {
    "vi": "Tổng: {points} / {max} điểm · chưa đến hạn {pending} · không đạt {lost} · "
    "tối đa có thể {potential} · chỉ số {index}",
    "en": "Total: {points} / {max} points · pending {pending} · lost {lost} · "
    "potential {potential} · index {index}",
}
_AS_OF = {"vi": "tính đến ngày", "en": "as of"}
_ESTIMATE = {"vi": "(ước)", "en": "(est.)"}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(result: Result, *, locale: str = "vi", width: int = 110) -> str:
    """The result tree: code, name, points/max, status and responsible office, then totals."""
    lang = words.language(locale)

    def n(value: object) -> str:
        return words.number(value, lang)  # type: ignore[arg-type]

    lines = [
        result.title,
        f"{result.ruleset} · {result.unit or ''} · {_AS_OF[lang]} "
        f"{words.day(result.as_of, lang)}".replace(" ·  · ", " · "),
    ]
    name_width = max(20, width - 62)
    head = _HEAD[lang]
    lines.append(f"{head[0]:<9} {head[1]:<{name_width}} {head[2]:>13}  {head[3]:<15} {head[4]}")
    for node in result.walk():
        depth = node.code.count(".")
        code = node.code
        name = node.name_en if lang == "en" and node.name_en else node.name
        name = "  " * depth + name
        if node.estimated:
            name = f"{name} {_ESTIMATE[lang]}"
        score = f"{n(node.points)} / {n(node.max)}"
        lines.append(
            f"{code:<9} {_clip(name, name_width):<{name_width}} {score:>13}  "
            f"{words.status(node.status, lang):<15} {_clip(node.responsible or '', 30)}".rstrip()
        )
    lines.append(
        _TOTAL[lang].format(
            points=n(result.points),
            max=n(result.max),
            pending=n(result.pending),
            lost=n(result.lost),
            potential=n(result.potential),
            index=f"{n(result.index)} %",
        )
    )
    return "\n".join(lines) + "\n"


_DISCREPANCIES = {
    "vi": "Sai lệch so với số liệu báo cáo:",
    "en": "Discrepancies with the reported sheet:",
}


def render_discrepancies(found: Sequence[Discrepancy], *, locale: str = "vi") -> str:
    """A reported sheet's discrepancies, one a line under a heading."""
    lang = words.language(locale)
    lines = [_DISCREPANCIES[lang], *(f"  - {d.message(lang)}" for d in found)]
    return "\n".join(lines) + "\n"
