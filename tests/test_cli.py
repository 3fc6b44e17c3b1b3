"""The command line: output, exit codes, and the README's copy of the example's output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_index.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "rules/dak-nong/2022/huyen/examples/dak-song-2023-09-20.toml"
SEED = ["evaluate", "dak-nong/2022/huyen", str(EXAMPLE)]


def test_evaluate_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed example prints its tree, total and the report's discrepancy, in Vietnamese."""
    assert 0 == main(SEED)
    out = capsys.readouterr().out

    assert "Tổng: 64,7 / 100 điểm" in out
    assert "chưa đến hạn" in out
    assert "báo cáo ghi 65,7 điểm, tính theo quy tắc được 64,7 điểm" in out


def test_evaluate_english(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale en writes numbers and words the English way."""
    assert 0 == main([*SEED, "--locale", "en"])
    out = capsys.readouterr().out

    assert "Total: 64.7 / 100 points" in out
    assert "not yet due" in out


def test_evaluate_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints the result's to_dict(), Decimals as strings."""
    assert 0 == main([*SEED, "--format", "json"])
    captured = capsys.readouterr()
    result = json.loads(captured.out)

    assert "64.7" == result["points"]
    assert "15" == result["pending"]
    assert "65,7" in captured.err  # the discrepancy, kept out of the JSON


def test_as_of_changes_states(capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of after every deadline turns what was pending into missing points.

    Only the province's 10 points still wait: the province gives them, at any date.
    """
    assert 0 == main([*SEED, "--as-of", "2024-01-15", "--format", "json"])
    result = json.loads(capsys.readouterr().out)

    assert ("10", "25.3") == (result["pending"], result["lost"])


def test_data_problem_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad data exits 1 with every located problem on stderr, nothing on stdout."""
    data = tmp_path / "unit.toml"
    data.write_text("[inputs]\nfiles_resolved = -1\nfile_on_time = 3\n", encoding="utf-8")

    assert 1 == main(["evaluate", "dak-nong/2022/huyen", str(data), "--locale", "en"])
    captured = capsys.readouterr()

    assert "" == captured.out
    assert f"{data}, input 'files_resolved'" in captured.err
    assert "did you mean" in captured.err


def test_unknown_ruleset_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rule-set id exits 1 and suggests the closest known id."""
    assert 1 == main(["evaluate", "dak-nong/2022/huyn", str(EXAMPLE), "--locale", "en"])

    assert "did you mean 'dak-nong/2022/huyen'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [[], ["evaluate"], ["frobnicate"], [*SEED, "--as-of", "20/09/2023"]]
)
def test_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Usage errors exit 2 with argparse's message."""
    assert 2 == main(argv)
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """--help lists the commands and exits 0."""
    assert 0 == main(["--help"])
    assert "evaluate" in capsys.readouterr().out


def test_module_entry_point() -> None:
    """python -m cchc_index runs the same command."""
    done = subprocess.run(
        [sys.executable, "-m", "cchc_index", *SEED, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "64.7" == json.loads(done.stdout)["points"]


def test_readme_shows_the_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    """The output README shows for its first command is what that command prints."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"## What the example prints\n\n```text\n(.*?)```", readme, re.S)
    assert shown is not None
    main(SEED)

    assert shown.group(1) == capsys.readouterr().out


def test_diff_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`cchc-index diff` lists what a revision changed, as text or JSON."""
    revision = str(ROOT / "tests/fixtures/extending/dak-nong-2023")

    assert 0 == main(["diff", "dak-nong/2022/huyen", revision, "--locale", "en"])
    assert "- 3.4.3 removed" in capsys.readouterr().out
    assert 0 == main(["diff", "dak-nong/2022/huyen", revision, "--format", "json"])
    assert "dak-nong/2023/huyen" == json.loads(capsys.readouterr().out)["b"]
    assert 1 == main(["diff", "dak-nong/2022/huyen", "khong-co/2023/xa"])


def test_rank_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cchc-index rank` ranks a sheet's units; a bad row goes to stderr and exits 1."""
    sheet = tmp_path / "xa.csv"
    sheet.write_text(
        "unit;files_resolved;files_on_time;revenue_share;leaders_disciplined;"
        "initiatives_recognised;late_reports;points:2.3\n"
        "Xã A;1.000;990;0,9;0;0;0;4\nXã B;1.000;950;0,95;1;0;0;3,5\n",
        encoding="utf-8",
    )
    year = str(ROOT / "tests/fixtures/year")

    assert 0 == main(["rank", year, str(sheet), "--format", "csv"])
    assert "rank,unit,points,max,index,grade\n1,Xã A,16,20,80,Khá\n" in capsys.readouterr().out
    assert 0 == main(["rank", year, str(sheet), "--format", "json"])
    assert 2 == json.loads(capsys.readouterr().out)[1]["rank"]
    with sheet.open("a", encoding="utf-8") as out:
        out.write("Xã C;100;101;0,9;0;0;0;4\n")
    assert 1 == main(["rank", year, str(sheet), "--locale", "en"])
    captured = capsys.readouterr()
    assert "Xã C: input" in captured.err
    assert "Xã A" in captured.out


def test_excel_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """template writes a workbook; an unfilled one evaluates; --format xlsx writes results."""
    pytest.importorskip("openpyxl")
    template = tmp_path / "form.xlsx"
    results = tmp_path / "results.xlsx"

    assert 0 == main(["template", "dak-nong/2022/huyen", "-o", str(template)])
    assert template.stat().st_size > 0
    assert 0 == main(
        ["evaluate", "dak-nong/2022/huyen", str(template), "--format", "xlsx", "-o", str(results)]
    )
    assert results.stat().st_size > 0
    assert 2 == main(["evaluate", "dak-nong/2022/huyen", str(template), "--format", "xlsx"])
    capsys.readouterr()
