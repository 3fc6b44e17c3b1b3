"""The HTML pages in a real browser: they render, the bars show, nothing overflows, they print.

Runs headless Chromium (or Chrome) from the system's packages; skipped where none is
installed (``apt-get install chromium`` on Debian). A small script is added to a
copy of the page for the test only: it measures the laid-out page and writes the
measurements into the DOM, which ``--dump-dom`` prints.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import cchc_index as cc
from cchc_index.render import render_html, render_report_html

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: How long one browser run may take before the test fails rather than hangs.
TIMEOUT = 120


def _browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


BROWSER = _browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser: none of chromium, chromium-browser, google-chrome is on PATH "
    "(apt-get install chromium)",
)

#: Measures the page as laid out and writes the result into the DOM as JSON.
MEASURE = """
<script>
(function () {
  const root = document.documentElement;
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
  const tables = Array.from(document.querySelectorAll("table")).map((t) =>
    [t.scrollWidth, t.parentElement.clientWidth]);
  const bars = Array.from(document.querySelectorAll("svg.bar")).map((svg) => ({
    size: box(svg),
    label: svg.getAttribute("aria-label"),
    segments: Array.from(svg.querySelectorAll("rect[class]")).map((r) =>
      [r.getAttribute("class"), box(r)[0], getComputedStyle(r).visibility]),
  }));
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({
    scroll: [root.scrollWidth, root.clientWidth],
    body: [document.body.scrollWidth, document.body.clientWidth],
    tables: tables,
    bars: bars,
    title: document.querySelector("h1").innerText,
    text: document.body.innerText,
  });
  document.body.appendChild(out);
})();
</script>
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",  # tests run as root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={cwd / 'profile'}",
        *args,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=cwd
    )


def measure(
    page: str, tmp_path: Path, width: int, *, script: str = MEASURE, height: int = 1000
) -> dict[str, Any]:
    """The page laid out in a ``width`` × ``height`` window, measured by ``script``.

    The script writes its JSON into ``<pre id="measured">``, which ``--dump-dom`` prints.
    """
    file = tmp_path / f"page-{width}.html"
    file.write_text(page.replace("</body>", script + "</body>"), encoding="utf-8")
    done = run(
        f"--window-size={width},{height}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        file.as_uri(),
        cwd=tmp_path,
    )
    found = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout, re.S)
    assert found is not None, done.stderr[-2000:]
    measured: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"'))
    return measured


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """The seed example as an evaluate page and a report page, in Vietnamese and English."""
    rs = cc.load_ruleset("dak-nong/2022/huyen")
    res = cc.evaluate(rs, EXAMPLE, as_of=date(2023, 9, 20))
    found = cc.reconcile(res, {"total": "65,7"})
    report = cc.report(rs, EXAMPLE, as_of=date(2023, 9, 20))
    return {
        "evaluate-vi": render_html(res, locale="vi", discrepancies=found),
        "report-vi": render_report_html(report, locale="vi"),
        "report-en": render_report_html(report, locale="en"),
    }


def test_what_a_person_reads(pages: dict[str, str], tmp_path: Path) -> None:
    """The title with its diacritics, the total and the reported figure, as the browser shows."""
    measured = measure(pages["evaluate-vi"], tmp_path, 1280)

    assert measured["title"].startswith("Chỉ số cải cách hành chính cấp huyện tỉnh Đắk Nông")
    assert "Tổng: 64,7 / 100 điểm" in measured["text"]
    assert "65,7" in measured["text"]  # the report's own total, flagged


@pytest.mark.parametrize("name", ["evaluate-vi", "report-vi", "report-en"])
@pytest.mark.parametrize("width", [1280, 800, 420])
def test_nothing_overflows_and_bars_show(
    pages: dict[str, str], name: str, width: int, tmp_path: Path
) -> None:
    """At a desktop, a laptop and a phone width: no sideways scrolling, every bar drawn."""
    measured = measure(pages[name], tmp_path, width)

    page_width, viewport = measured["scroll"]
    assert page_width <= viewport, f"the page is {page_width}px wide in a {viewport}px window"
    for table_width, room in measured["tables"]:
        assert table_width <= room + 1, f"a table of {table_width}px in {room}px"
    bars = measured["bars"]
    assert 9 == len(bars)  # one per field of the seed's rule set
    for bar in bars:
        bar_width, bar_height = bar["size"]
        assert bar_width > 20, bar
        assert bar_height > 8, bar
        drawn = {cls: w for cls, w, visibility in bar["segments"] if visibility == "visible"}
        assert drawn["max"] > 0, bar  # the frame: the field's maximum
        assert sum(w for cls, w in drawn.items() if cls != "max") == pytest.approx(
            drawn["max"], abs=2
        ), bar
    field_3 = next(b for b in bars if b["label"].startswith("3."))
    widths = {cls: w for cls, w, _ in field_3["segments"]}
    # 9,5 obtained, 1 pending, 6,5 lost of 17: the segments keep those proportions.
    assert widths["obtained"] / widths["max"] == pytest.approx(9.5 / 17, abs=0.02)
    assert widths["lost"] / widths["max"] == pytest.approx(6.5 / 17, abs=0.02)


def test_screenshot_and_print(pages: dict[str, str], tmp_path: Path) -> None:
    """The report renders to a picture, and prints to A4 pages as a PDF."""
    file = tmp_path / "report.html"
    file.write_text(pages["report-vi"], encoding="utf-8")
    picture = tmp_path / "report.png"
    pdf = tmp_path / "report.pdf"

    shot = run("--window-size=1000,1400", f"--screenshot={picture}", file.as_uri(), cwd=tmp_path)
    printed = run(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", file.as_uri(), cwd=tmp_path)

    assert picture.is_file(), shot.stderr[-2000:]
    assert picture.stat().st_size > 10_000
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert pdf.is_file(), printed.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2  # the report runs over pages
