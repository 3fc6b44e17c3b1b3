"""The province's overview page in a real browser: what a person sees.

The ranking table, the heat map with one coloured cell per unit and criterion, and
the histogram's columns, laid out in headless Chromium (skipped where none is
installed, as in ``test_browser.py``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc
from cchc_index.render.overview import render_overview_html
from test_browser import BROWSER, measure, run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/ttg-766/2022/xa/examples/xa-thang-10-2026-khong-pakn.toml"

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless browser on PATH")

#: Reads what the page shows, after layout, into the DOM as JSON.
SEE = """
<script>
(function () {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const heat = Array.from(document.querySelectorAll("table.heat td:not(.unit)")).map((td) =>
    [td.textContent, getComputedStyle(td).backgroundColor, shown(td)]);
  const ranking = Array.from(document.querySelectorAll("table:not(.heat) tbody tr")).slice(0, 5)
    .map((tr) => Array.from(tr.cells).map((td) => td.textContent));
  const columns = Array.from(document.querySelectorAll("figure.histogram rect")).map((r) =>
    r.getBoundingClientRect().height);
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({
    heat: heat, ranking: ranking, columns: columns,
    scroll: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  });
  document.body.appendChild(out);
})();
</script>
"""


def _communes() -> list[dict[str, Any]]:
    figures = tomllib.loads(EXAMPLE.read_text("utf-8"))["inputs"]
    return [
        {"unit": "Xã A", "inputs": figures},
        {"unit": "Xã B", "inputs": {**figures, "files_handled_on_time": 560}},
        {"unit": "Xã C", "inputs": {**figures, "files_digitised": 300}},
    ]


@pytest.mark.parametrize("width", [1280, 420])
def test_the_ranking_the_heat_map_and_the_histogram_show(tmp_path: Path, width: int) -> None:
    ruleset = cc.load_ruleset("ttg-766/2022/xa")
    page = render_overview_html(cc.overview(ruleset, _communes()), locale="vi")
    seen = measure(page, tmp_path, width, script=SEE, height=1200)

    assert [row[:3] for row in seen["ranking"][:3]] == [
        ["1", "Xã A", "89,21 / 100"],
        ["2", "Xã C", "88,02 / 100"],
        ["3", "Xã B", "85,41 / 100"],
    ]
    leaves = [n for n in ruleset if n.is_leaf and n.max > 0]
    assert len(seen["heat"]) == 3 * len(leaves)  # 5.3 is shown "—": not applicable here
    assert sum(1 for text, _, _ in seen["heat"] if text == "—") == 3
    assert all(visible for _, _, visible in seen["heat"])
    colours = {colour for text, colour, _ in seen["heat"] if text == "100"}
    assert len(colours) == 1  # every full-points cell the same green
    (green,) = colours
    red, g, b = (int(x) for x in re.findall(r"\d+", green)[:3])
    assert g > red
    assert g > b
    assert sum(1 for h in seen["columns"] if h > 0) == 1  # all three in the 80–90 bin
    page_width, viewport = seen["scroll"]
    assert page_width <= viewport  # the heat map scrolls inside its own box


def test_a_screenshot_of_the_overview(tmp_path: Path) -> None:
    """The page renders to a picture (the docs show one made this way)."""
    ruleset = cc.load_ruleset("ttg-766/2022/xa")
    file = tmp_path / "overview.html"
    file.write_text(render_overview_html(cc.overview(ruleset, _communes())), encoding="utf-8")
    picture = tmp_path / "overview.png"
    shot = run("--window-size=1100,1500", f"--screenshot={picture}", file.as_uri(), cwd=tmp_path)
    assert picture.is_file(), shot.stderr[-2000:]
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert picture.stat().st_size > 20_000
