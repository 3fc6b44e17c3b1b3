"""The command line: output, exit codes, and the README's copy of the example's output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import cchc_index as cc
from cchc_index.cli import BROKEN_PIPE, main

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
    """--format json prints the result's to_dict(), Decimals as strings, with discrepancies."""
    assert 0 == main([*SEED, "--format", "json"])
    captured = capsys.readouterr()
    result = json.loads(captured.out)

    assert "64.7" == result["points"]
    assert "15" == result["pending"]
    assert [("total", "65.7", "64.7", "1")] == [
        (d["code"], d["reported"], d["computed"], d["difference"]) for d in result["discrepancies"]
    ]
    assert "" == captured.err  # results on stdout; stderr is for diagnostics
    assert cc.Result.from_dict(result).points == Decimal("64.7")


@pytest.mark.parametrize(
    ("fmt", "on_stderr"),
    [("text", False), ("markdown", False), ("html", False), ("json", False), ("csv", True)],
)
def test_discrepancies_go_where_the_format_holds_them(
    fmt: str, on_stderr: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every format but CSV carries the discrepancies in its output; CSV notes them on stderr."""
    assert 0 == main([*SEED, "--format", fmt])
    captured = capsys.readouterr()

    assert ("65,7" in captured.err) == on_stderr
    assert ("65,7" in captured.out or "65.7" in captured.out) != on_stderr


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
    assert "rank,unit,points,max,index,potential,grade\n1,Xã A,16,20,80,16,Khá\n" in (
        capsys.readouterr().out
    )
    assert 0 == main(["rank", year, str(sheet), "--format", "json"])
    assert 2 == json.loads(capsys.readouterr().out)[1]["rank"]
    with sheet.open("a", encoding="utf-8") as out:
        out.write("Xã C;100;101;0,9;0;0;0;4\n")
    assert 1 == main(["rank", year, str(sheet), "--locale", "en"])
    captured = capsys.readouterr()
    assert "Xã C: input" in captured.err
    assert "Xã A" in captured.out


def test_excel_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """template writes a workbook; a filled one evaluates; --format xlsx writes results."""
    pytest.importorskip("openpyxl")
    template = tmp_path / "form.xlsx"
    results = tmp_path / "results.xlsx"

    assert 0 == main(["template", "dak-nong/2022/huyen", "-o", str(template)])
    assert template.stat().st_size > 0
    fill_one(template, "Đã thực hiện công tác kiểm tra CCHC năm theo kế hoạch", "có")
    assert 0 == main(
        ["evaluate", "dak-nong/2022/huyen", str(template), "--format", "xlsx", "-o", str(results)]
    )
    assert results.stat().st_size > 0
    assert 2 == main(["evaluate", "dak-nong/2022/huyen", str(template), "--format", "xlsx"])
    capsys.readouterr()


def fill_one(book: Path, label: str, value: object) -> None:
    """Type ``value`` in the self-assessment cell of the row labelled ``label``."""
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    sheet = workbook.worksheets[0]
    head = next(r for r in range(1, 20) if sheet.cell(row=r, column=2).value == "Mã")
    column = next(
        c
        for c in range(2, sheet.max_column + 1)
        if sheet.cell(row=head, column=c).value == "Tự đánh giá"
    )
    row = next(r for r in range(head, sheet.max_row + 1) if sheet.cell(r, 3).value == label)
    sheet.cell(row=row, column=column).value = value
    workbook.save(book)


def test_an_empty_template_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A template with nothing filled in is not scored as 0/100: exit 1, saying why."""
    pytest.importorskip("openpyxl")
    template = tmp_path / "form.xlsx"
    assert 0 == main(["template", "dak-nong/2022/huyen", "-o", str(template), "--layers", "self"])
    capsys.readouterr()

    assert 1 == main(["evaluate", "dak-nong/2022/huyen", str(template), "--locale", "en"])
    captured = capsys.readouterr()

    assert "" == captured.out
    assert f"{template}: nothing is filled in this template" in captured.err


class _ClosedPipe:
    """A stdout whose reader has gone away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    "argv",
    [
        [*SEED, "--format", "json"],
        ["diff", "dak-nong/2022/huyen", str(ROOT / "tests/fixtures/extending/dak-nong-2023")],
        ["check", "dak-nong/2022/huyen"],
    ],
    ids=["evaluate", "diff", "check"],
)
def test_a_closed_pipe_ends_quietly(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``| head`` closing stdout ends the command with 141 (128 + SIGPIPE), no traceback."""
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())

    assert BROKEN_PIPE == main(argv)


def test_rank_into_head_has_no_traceback(tmp_path: Path) -> None:
    """``cchc-index rank … --format json | head -1`` prints its line and no traceback."""
    sheet = tmp_path / "xa.csv"
    rows = "".join(f"Xã {i};1.000;990;0,9;0;0;0;4\n" for i in range(3000))
    sheet.write_text(
        "unit;files_resolved;files_on_time;revenue_share;leaders_disciplined;"
        "initiatives_recognised;late_reports;points:2.3\n" + rows,
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "cchc_index", "rank", str(ROOT / "tests/fixtures/year")]
    with subprocess.Popen(
        [*command, str(sheet), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as running:
        assert running.stdout is not None
        assert running.stderr is not None
        assert "[" == running.stdout.readline().strip()
        running.stdout.close()  # what head does once it has its line
        errors = running.stderr.read()
        code = running.wait()

    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
    assert BROKEN_PIPE == code


def test_diff_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    """``diff --exit-code`` exits 1 when the rule sets differ, 0 when they are the same."""
    revision = str(ROOT / "tests/fixtures/extending/dak-nong-2023")

    assert 1 == main(["diff", "dak-nong/2022/huyen", revision, "--exit-code"])
    assert 0 == main(["diff", "dak-nong/2022/huyen", "dak-nong/2022/huyen", "--exit-code"])
    assert 0 == main(["diff", "dak-nong/2022/huyen", revision])  # without it: 0, as before
    capsys.readouterr()


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``check --format json`` gives one report per rule set, findings located, both languages."""
    broken = tmp_path / "ruleset.toml"
    broken.write_text('[ruleset]\nid = "x"\n', encoding="utf-8")

    assert 1 == main(["check", "dak-nong/2022/huyen", str(broken), "--format", "json"])
    good, bad = json.loads(capsys.readouterr().out)

    assert (True, "dak-nong/2022/huyen") == (good["ok"], good["ruleset"])
    assert all(e["passed"] for e in good["examples"])
    assert (False, None) == (bad["ok"], bad["ruleset"])
    assert {str(broken)} == {f["file"] for f in bad["findings"]}
    assert all(f["severity"] == "error" and f["en"] and f["vi"] for f in bad["findings"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_english_output_uses_the_english_title(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--locale en`` heads every format with the rule set's ``title_en``."""
    assert 0 == main([*SEED, "--locale", "en", "--format", fmt])
    out = capsys.readouterr().out

    assert "Đắk Nông district administrative reform index" in out
    assert "Chỉ số cải cách hành chính cấp huyện" not in out


def test_exit_codes_are_documented() -> None:
    """The command-line page lists every exit code the command uses."""
    page = (ROOT / "docs/cli.md").read_text(encoding="utf-8")

    for code in ("0", "1", "2", "141"):
        assert re.search(rf"^\| `{code}` \|", page, re.MULTILINE), code


def test_an_empty_units_sheet_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A units sheet with its header only is not ranked as an empty table: exit 1, saying why."""
    sheet = tmp_path / "xa.csv"
    sheet.write_text("unit;files_resolved\n", encoding="utf-8")

    assert 1 == main(["rank", "dak-nong/2022/huyen", str(sheet), "--locale", "en"])
    captured = capsys.readouterr()

    assert "" == captured.out
    assert f"{sheet}: the sheet holds no units" in captured.err


def test_rank_takes_the_unit_files_evaluate_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of unit files and a single file, ranked together; --by potential shows it."""
    example = ROOT / "rules/ttg-766/2022/xa/examples/xa-thang-10-2026-khong-pakn.toml"
    folder = tmp_path / "xa"
    folder.mkdir()
    text = example.read_text("utf-8")
    (folder / "b.toml").write_text(
        text.replace('unit = "Xã mẫu"', 'unit = "Xã B"').replace(
            "files_handled_on_time = 693", "files_handled_on_time = 560"
        ),
        "utf-8",
    )
    (folder / "notes.txt").write_text("not a unit", "utf-8")

    code = main(["rank", "ttg-766/2022/xa", str(folder), str(example), "--by", "potential"])

    lines = capsys.readouterr().out.splitlines()
    assert 0 == code
    assert "Tối đa có thể" in lines[0]
    assert [line.split()[1:3] for line in lines[1:]] == [["Xã", "mẫu"], ["Xã", "B"]]
    assert "89,21" in lines[1]
    assert "85,41" in lines[2]
