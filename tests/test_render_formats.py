"""A result as Markdown, HTML, CSV and JSON (``cchc-index evaluate --format …``)."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import Result, Ruleset
from cchc_index.cli import main
from cchc_index.render import csv_rows, render_csv, render_html, render_markdown
from cchc_index.render.csv import COLUMNS
from cchc_index.rulefiles.loader import parse_ruleset
from cchc_index.testing import data_for, raw_rulesets

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
SEED = ["evaluate", "dak-nong/2022/huyen", str(EXAMPLE)]


@pytest.fixture(scope="module")
def res() -> Result:
    """The seed example's result, Đắk Song on 20/9/2023."""
    rs = cc.load_ruleset("dak-nong/2022/huyen")
    return cc.evaluate(rs, EXAMPLE, as_of=date(2023, 9, 20))


def tricky() -> Result:
    """A result whose names hold markup of every syntax: it must come out as text."""
    rs = parse_ruleset(
        {
            "ruleset": {"id": "thu/2023/xa", "title": "<b>Bộ</b> *thử* & | co", "level": "xa"}
            | {"year": 2023, "max": 10},
            "inputs": {"ok": {"type": "bool", "label": "ok"}},
            "criteria": {
                "1": {"name": "1. <script>alert(1)</script> | *x* _y_ [z](u) &amp;", "max": 10},
                "1.1": {
                    "name": "# Tiêu đề\nhai dòng",
                    "max": 10,
                    "responsible": 'Phòng "A" & <B>',
                    "rule": {"kind": "check", "input": "ok"},
                },
            },
        }
    )
    return cc.evaluate(rs, {"inputs": {"ok": False}})


# -- Markdown -----------------------------------------------------------------------------


def test_markdown_tree(res: Result) -> None:
    """The tree is a pipe table, one row per node, fields in bold, numbers the vi way."""
    out = render_markdown(res)
    rows = [line for line in out.splitlines() if line.startswith("| ")]

    assert 1 + len(res.nodes) == len(rows)  # a header, then one row per node
    assert "|---|---|---:|---:|---:|---:|---|---|" in out
    assert "| **3** |" in out
    assert "| **3.4.1** |" not in out
    assert "8,7" in out
    assert "64,7" in out
    assert "\u00a0\u00a0\u00a0\u00a0Tỷ lệ hồ sơ TTHC giải quyết đúng hạn" in out  # depth 2


def test_markdown_escapes_every_name() -> None:
    """Markup in names stays text: escaped, and a line break does not end a row."""
    out = render_markdown(tricky(), locale="en")

    assert "<script>" not in out
    assert r"\<script\>" in out
    assert r"\| \*x\* \_y\_ \[z\](u) \&amp;" in out
    assert "# Tiêu đề hai dòng" in out
    assert r'Phòng "A" & \<B\>' in out
    assert out.startswith(r"# \<b\>Bộ\</b\> \*thử\* & \| co")


def test_markdown_discrepancies(res: Result) -> None:
    """A reported sheet's discrepancies close the page."""
    found = cc.reconcile(res, {"total": "65,7"})
    out = render_markdown(res, locale="en", discrepancies=found)

    assert "## Discrepancies with the reported sheet" in out
    assert "- the total: the report states 65.7 points, the rules give 64.7" in out


# -- HTML ---------------------------------------------------------------------------------


class _Page(html.parser.HTMLParser):
    """Collects the tags, texts and outside references of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith("#"):
                self.links.append(value)
            if value and "url(" in value and "url(#" not in value:
                self.links.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Page:
    found = _Page()
    found.feed(page)
    found.close()
    return found


def test_html_is_one_self_contained_page(res: Result) -> None:
    """One page: a table of the tree, an inline SVG bar per field, no script, nothing outside."""
    page = render_html(res)
    found = parse(page)

    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "script" not in found.tags
    assert [] == found.links
    assert "@import" not in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")
    assert len(res.fields) == page.count('<svg class="bar"')
    tree = page.split("<table>", 1)[1].split("</table>", 1)[0]
    assert 1 + len(res.nodes) == tree.count("<tr")
    assert "@media print" in page
    assert "@page" in page
    assert "64,7" in page


def test_html_bars_are_the_points(res: Result) -> None:
    """A bar's three segments are the field's points, pending and lost, against the longest max."""
    page = render_html(res, locale="en")
    bar = page.split('<svg class="bar"')[3].split("</svg>")[0]  # field 3: 9.5 / 17, 1 pending

    widths = dict(
        re.findall(r'class="(obtained|pending|lost)" x="[\d.]+%" y="12%" width="([\d.]+)%"', bar)
    )
    assert {"obtained": "55.88", "pending": "5.88", "lost": "38.24"} == widths  # of 17 = 100 %
    assert (
        'aria-label="3. Administrative procedure reform: 9.5 of 17 · pending 1 · lost 6.5"' in bar
    )


def test_html_escapes_every_text() -> None:
    """Every text goes through html.escape: markup in names is shown, never run."""
    page = render_html(tricky(), locale="en")
    found = parse(page)

    assert "script" not in found.tags
    assert "b" not in found.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Phòng &quot;A&quot; &amp; &lt;B&gt;" in page
    assert "1. <script>alert(1)</script> | *x* _y_ [z](u) &amp;" in "".join(found.text)


# -- CSV ----------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_one_row_per_node(res: Result) -> None:
    """One row per node, in tree order, numbers as exact machine text."""
    rows = read_csv(render_csv(res))

    assert list(COLUMNS) == list(rows[0])
    assert list(res.nodes) == [row["code"] for row in rows]
    row = rows[[r["code"] for r in rows].index("2")]
    assert ("8.7", "11", "0", "2.3", "partial", "true") == (
        row["points"],
        row["max"],
        row["pending"],
        row["lost"],
        row["status"],
        row["estimated"],
    )
    first = rows[1]
    assert ("1.1", "1", "2", "2023-11-30", "Phòng Nội vụ") == (
        first["code"],
        first["parent"],
        first["level"],
        first["due"],
        first["responsible"],
    )
    assert csv_rows(res) == rows


def test_csv_columns_are_chosen() -> None:
    """Columns may be picked; an unknown one is an InputError naming the known ones."""
    result = tricky()

    assert "code,points\r\n1,0\r\n1.1,0\r\n" == render_csv(result, columns=("code", "points"))
    with pytest.raises(cc.InputError) as caught:
        render_csv(result, columns=("code", "pionts"))
    assert "pionts" in caught.value.messages("en")[0]


@st.composite
def _results(draw: st.DrawFn) -> tuple[Ruleset, Result]:
    ruleset = parse_ruleset(draw(raw_rulesets(max_depth=3, max_children=3)))
    return ruleset, cc.evaluate(ruleset, draw(data_for(ruleset)))


@pytest.mark.property
@given(_results())
def test_csv_points_add_up_per_parent(drawn: tuple[Ruleset, Result]) -> None:
    """One CSV row per node, and every summed parent's points are its rows' points added."""
    _, result = drawn
    rows = read_csv(render_csv(result))

    assert list(result.nodes) == [row["code"] for row in rows]
    for row in rows:
        node = result[row["code"]]
        for name in ("points", "pending", "lost", "max"):
            assert getattr(node, name) == Decimal(row[name])
        assert Decimal(row["points"]) + Decimal(row["pending"]) + Decimal(row["lost"]) == Decimal(
            row["max"]
        )
        children = [r for r in rows if r["parent"] == row["code"]]
        if children and node.trace.kind == "sum":
            assert Decimal(row["points"]) == sum(Decimal(c["points"]) for c in children)


@pytest.mark.property
@given(_results(), st.sampled_from(["vi", "en"]))
def test_every_format_renders_any_result(drawn: tuple[Ruleset, Result], locale: str) -> None:
    """Markdown, HTML and CSV render any result; HTML has a bar per field with a maximum."""
    _, result = drawn
    renders: list[Callable[..., str]] = [render_markdown, render_html]
    for render in renders:
        assert render(result, locale=locale)
    page = render_html(result, locale=locale)
    assert sum(1 for f in result.fields if f.max) == page.count('<svg class="bar"')


# -- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("markdown", "| **3** | **Cải cách thủ tục hành chính** | **9,5** |"),
        ("html", '<svg class="bar"'),
        ("csv", "3.4.1,3.4,3,Tỷ lệ hồ sơ TTHC giải quyết đúng hạn,"),
        ("text", "Tổng: 64,7 / 100 điểm"),
    ],
)
def test_evaluate_formats(fmt: str, shown: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each --format prints its form of the seed example."""
    assert 0 == main([*SEED, "--format", fmt])
    assert shown in capsys.readouterr().out


def test_evaluate_json_points(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json is the result's to_dict(): the points as exact text."""
    assert 0 == main([*SEED, "--format", "json"])
    parsed: dict[str, Any] = json.loads(capsys.readouterr().out)

    assert "64.7" == parsed["points"]


def test_csv_keeps_the_discrepancy_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """CSV stays the result; the reported sheet's discrepancy goes to stderr."""
    assert 0 == main([*SEED, "--format", "csv"])
    captured = capsys.readouterr()

    assert "65,7" not in captured.out
    assert "65,7" in captured.err


def test_evaluate_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes any format to a file (UTF-8) instead of the screen."""
    page = tmp_path / "ket-qua.html"

    assert 0 == main([*SEED, "--format", "html", "-o", str(page), "--locale", "en"])
    assert "" == capsys.readouterr().out
    assert "Huyện Đắk Song" in page.read_text(encoding="utf-8")
