"""The Excel round trip: template, filled workbook read back, results workbook, refusals."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cchc_index as cc
from cchc_index import Ruleset, excel
from cchc_index.excel import ExcelUnavailableError, legacy_encoding
from cchc_index.excel._words import INSTRUCTIONS, RESULT_WORDS, WORDS, word
from cchc_index.i18n import gettext
from cchc_index.scoring.data import read_unit
from helpers import ruleset_from

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules/dak-nong/2022/huyen"
EXAMPLE = RULES / "examples/dak-song-2023-09-20.toml"
AS_OF = date(2023, 9, 20)
FORM, INFO = "Chấm điểm", "Hướng dẫn"


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    """Đắk Nông's 2022 district rules (frozen, so shared)."""
    return cc.load_ruleset("dak-nong/2022/huyen")


@pytest.fixture
def example() -> dict[str, Any]:
    """The Đắk Song example's raw data, as its TOML file holds it."""
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture
def template(tmp_path: Path, ruleset: Ruleset) -> Path:
    """A fresh Vietnamese template of the rules."""
    path = tmp_path / "mau.xlsx"
    excel.write_template(ruleset, path)
    return path


class Officer:
    """Fills a template the way an officer does: by the codes, labels and headings shown."""

    def __init__(self, path: Path) -> None:
        self.book = openpyxl.load_workbook(path)
        self.ws = self.book.worksheets[0]
        ws = self.ws
        self.head = next(r for r in range(1, 20) if ws.cell(row=r, column=2).value == "Mã")
        self.columns = {
            ws.cell(row=self.head, column=c).value: c for c in range(2, ws.max_column + 1)
        }

    def row(self, shown: str) -> int:
        """The row whose code (column B) or label (column C) reads ``shown``."""
        for row in range(self.head + 1, self.ws.max_row + 1):
            if shown in (
                self.ws.cell(row=row, column=2).value,
                self.ws.cell(row=row, column=3).value,
            ):
                return row
        raise LookupError(shown)

    def cell(self, shown: str, heading: str = "Tự đánh giá") -> Any:
        return self.ws.cell(row=self.row(shown), column=self.columns[heading])

    def ref(self, shown: str, heading: str = "Tự đánh giá") -> str:
        return f"{self.ws.title}!{self.cell(shown, heading).coordinate}"

    def save(self, path: Path) -> Path:
        self.book.save(path)
        return path


def fill_example(officer: Officer, ruleset: Ruleset, example: dict[str, Any]) -> None:
    """Type the Đắk Song example's values, some as text the Vietnamese way."""
    ws = officer.ws
    ws["C2"], ws["C3"], ws["C4"] = example["unit"], "20/09/2023", example["period"]
    typed = {"files_received": "20.845", "files_resolved": "17.604", "online_service_rate": "10,94"}
    for name, value in example["inputs"].items():
        label = ruleset.inputs[name].label
        if isinstance(value, dict):
            officer.cell(label, "Ước tính (x)").value = "x"
            value = value["value"]
        if name in typed:
            value = typed[name]
        elif name == "apologised_all_late_files":
            value = "không"
        elif isinstance(value, Decimal):
            value = float(value)
        officer.cell(label).value = value
    for code, statement in example["criteria"].items():
        points = statement["points"]
        officer.cell(code).value = "1,8" if code == "2.2" else float(points)
        officer.cell(code, "Ghi chú").value = statement["note"]


@pytest.fixture
def filled(tmp_path: Path, template: Path, ruleset: Ruleset, example: dict[str, Any]) -> Officer:
    """The template with the example typed in (not saved yet)."""
    officer = Officer(template)
    fill_example(officer, ruleset, example)
    return officer


def refusals(path: Path, ruleset: Ruleset) -> list[cc.Problem]:
    """The problems of reading ``path``, which must fail."""
    with pytest.raises(cc.InputError) as info:
        excel.read_workbook(path, ruleset)
    return list(info.value.problems)


def keys(problems: list[cc.Problem]) -> list[str]:
    """Where each problem is: its cell references (or other key)."""
    return [str(p.where.key) for p in problems]


# -- an optional extra ------------------------------------------------------------------


def test_core_never_imports_openpyxl() -> None:
    """The core, and the Excel package itself, import without openpyxl."""
    code = (
        "import sys; sys.modules['openpyxl'] = None\n"
        "import cchc_index, cchc_index.excel\n"
        "rs = cchc_index.load_ruleset('dak-nong/2022/huyen')\n"
        "try:\n"
        "    cchc_index.excel.write_template(rs, 'never.xlsx')\n"
        "except cchc_index.CchcIndexError as error:\n"
        "    print(error.messages('en')[0])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )

    assert 'needs openpyxl: pip install "cchc-index[excel]"' in run.stdout


@pytest.mark.parametrize(
    "call",
    [
        lambda rs: excel.write_template(rs, "x.xlsx"),
        lambda rs: excel.read_workbook("x.xlsx", rs),
        lambda rs: excel.read_units_workbook("x.xlsx", rs),
    ],
)
def test_missing_openpyxl(monkeypatch: pytest.MonkeyPatch, ruleset: Ruleset, call: Any) -> None:
    """Without openpyxl every function raises the library's error, with the install command."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)

    with pytest.raises(ExcelUnavailableError) as info:
        call(ruleset)

    assert isinstance(info.value, cc.CchcIndexError)
    assert isinstance(info.value, ImportError)
    assert 'pip install "cchc-index[excel]"' in info.value.messages("vi")[0]


# -- the template -----------------------------------------------------------------------


def test_codes_are_text(template: Path, ruleset: Ruleset) -> None:
    """Every code is a text cell formatted as text, in decree order: "3" and "3.4", not 3."""
    ws = openpyxl.load_workbook(template)[FORM]
    cells = [c for c in ws["B"][7:] if c.value is not None]

    assert list(ruleset.criteria) == [c.value for c in cells]
    assert all(c.data_type == "s" and c.number_format == "@" for c in cells)
    assert {"3", "3.4", "3.4.1"} <= {c.value for c in cells}


def test_codes_like_1_10_stay_text(tmp_path: Path) -> None:
    """A code such as 1.10 is written as the text "1.10", after 1.9."""
    rs = ten_leaves()
    excel.write_template(rs, tmp_path / "mau.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "mau.xlsx").worksheets[0]

    assert ["1", "1.1", "1.2", "1.9", "1.10"] == [
        c.value for c in ws["B"][7:] if c.value in ("1", "1.1", "1.2", "1.9", "1.10")
    ]


def ten_leaves() -> Ruleset:
    """A field with ten manual criteria, 1.1 … 1.10."""
    leaves = {
        f"1.{i}": {"name": f"Tiêu chí {i}", "max": 1, "rule": {"kind": "manual"}}
        for i in range(1, 11)
    }
    return ruleset_from({"1": {"name": "Lĩnh vực", "max": 10}, **leaves})


def test_layout(template: Path, ruleset: Ruleset) -> None:
    """Each criterion row shows its max, office and deadline; each input follows its criterion."""
    officer = Officer(template)
    ws, column = officer.ws, officer.columns

    assert ["Mã", "Tiêu chí / số liệu", "Điểm tối đa", "Đơn vị chủ trì", "Hạn", "Đơn vị tính"] == [
        ws.cell(row=officer.head, column=c).value for c in range(2, 8)
    ]
    row = officer.row("1.1")
    assert [Decimal(1), "Phòng Nội vụ", "30/11"] == [
        Decimal(ws.cell(row=row, column=column["Điểm tối đa"]).value),
        ws.cell(row=row, column=column["Đơn vị chủ trì"]).value,
        ws.cell(row=row, column=column["Hạn"]).value,
    ]
    files = [
        officer.row(rs_input.label)
        for rs_input in ruleset.inputs.values()
        if rs_input.name.startswith("files_")
    ]
    assert all(officer.row("3.4.1") < r < officer.row("3.4.2") for r in files)
    assert (
        "hồ sơ"
        == ws.cell(row=officer.row("Hồ sơ đã giải quyết"), column=column["Đơn vị tính"]).value
    )
    rate = ruleset.inputs["online_service_rate"].label
    assert ("%", "0 … 100 %") == (
        officer.cell(rate, "Đơn vị tính").value,
        officer.cell(rate, "Giá trị hợp lệ").value,
    )


def validation_of(ws: Any, coordinate: str) -> Any:
    """The data validation that covers a cell."""
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert 1 == len(found), coordinate
    return found[0]


@pytest.mark.parametrize(
    ("shown", "heading", "expected"),
    [
        ("Hồ sơ đã giải quyết", "Tự đánh giá", ("whole", "0", "999999999999999")),
        ("1.3", "Tự đánh giá", ("decimal", "0", "11")),
        ("2.2", "Tự đánh giá", ("decimal", "0", "1.8")),
        ("3.4.2", "Không áp dụng (x)", ("list", '"x"', None)),
        ("Hồ sơ đã giải quyết", "Ước tính (x)", ("list", '"x"', None)),
    ],
)
def test_validations(template: Path, shown: str, heading: str, expected: tuple[Any, ...]) -> None:
    """Input cells carry data validation: counts, points within the max, x marks."""
    officer = Officer(template)
    check = validation_of(officer.ws, officer.cell(shown, heading).coordinate)

    assert expected == (check.type, check.formula1, check.formula2)
    assert check.showErrorMessage
    assert check.prompt


def test_validations_by_type(template: Path, ruleset: Ruleset) -> None:
    """Percents are 0–100, yes/no is a list "có,không", levels are a list of the levels."""
    officer = Officer(template)
    by_name = {
        name: validation_of(officer.ws, officer.cell(spec.label).coordinate)
        for name, spec in ruleset.inputs.items()
    }

    assert ("decimal", "0", "100") == (
        by_name["online_service_rate"].type,
        by_name["online_service_rate"].formula1,
        by_name["online_service_rate"].formula2,
    )
    assert '"có,không"' == by_name["apologised_all_late_files"].formula1
    assert '"đạt,đạt một phần,không đạt"' == by_name["budget_revenue_grade"].formula1
    assert ("date", "whole") == (
        validation_of(officer.ws, "C3").type,
        validation_of(officer.ws, "C4").type,
    )


def test_protected(template: Path) -> None:
    """Both sheets are protected; only the input cells are unlocked."""
    book = openpyxl.load_workbook(template)
    officer = Officer(template)
    unlocked = {
        c.coordinate for row in officer.ws.iter_rows() for c in row if not c.protection.locked
    }

    assert book[FORM].protection.sheet
    assert book[INFO].protection.sheet
    assert officer.cell("1.3").coordinate in unlocked
    assert officer.cell("Hồ sơ đã giải quyết").coordinate in unlocked
    assert {"C2", "C3", "C4"} <= unlocked
    for locked in ("3.4.1", "3"):  # a rule's leaf and a parent take no points
        assert officer.cell(locked).coordinate not in unlocked
        assert officer.cell(locked, "Mã").coordinate not in unlocked
    assert all(c.column > 2 for c in map(officer.ws.__getitem__, unlocked))


def test_no_formulas(tmp_path: Path) -> None:
    """Nothing in the workbook is a formula, even a name that starts with '='."""
    rs = ruleset_from({"1": {"name": "=SUM(A1:A9)", "max": 1, "rule": {"kind": "manual"}}})
    excel.write_template(rs, tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(tmp_path / "mau.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]

    assert "=SUM(A1:A9)" in [c.value for c in cells]
    assert [] == [c.coordinate for c in cells if c.data_type == "f"]


def test_hidden_markers(template: Path) -> None:
    """Column A and the row of column names are hidden; A1 says what each sheet is."""
    book = openpyxl.load_workbook(template)
    form, info = book[FORM], book[INFO]

    assert form.column_dimensions["A"].hidden
    assert info.column_dimensions["A"].hidden
    assert form.row_dimensions[6].hidden
    assert ("cchc-index form 1", "cchc-index info 1") == (form["A1"].value, info["A1"].value)
    assert "node:3.4" in [c.value for c in form["A"]]


def test_workbook_structure_locked(template: Path) -> None:
    """No sheet can be added, moved or deleted in Excel."""
    assert openpyxl.load_workbook(template).security.lockStructure


def test_info_sheet_deleted(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """Without the sheet naming its rule set, a template is refused."""
    del filled.book[INFO]

    [problem] = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert "second sheet, which names its rule set, is gone" in problem.en


def test_info_sheet(template: Path) -> None:
    """The second sheet names the rule set and tells how to type numbers."""
    ws = openpyxl.load_workbook(template)[INFO]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3).value for r in range(2, 10)}
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)

    assert "dak-nong/2022/huyen" == values["ruleset"]
    assert "1704/QĐ-UBND, 18/10/2022, UBND tỉnh Đắk Nông" == values["basis"]
    assert ("huyen", 2022) == (values["level"], values["year"])
    assert '"20.845"' in text
    assert '"89,4"' in text
    assert "vi-VN" == openpyxl.load_workbook(template).properties.language


def test_english(tmp_path: Path, ruleset: Ruleset) -> None:
    """locale="en": English sheet names, headings and criterion names."""
    excel.write_template(ruleset, tmp_path / "en.xlsx", locale="en")
    book = openpyxl.load_workbook(tmp_path / "en.xlsx")
    ws = book["Assessment"]
    values = {c.value for row in ws.iter_rows() for c in row}

    assert ["Assessment", "About"] == book.sheetnames
    assert {"Code", "Max points", "Self-assessment", "Not applicable (x)"} <= values
    assert "Administrative-reform inspection" in values
    assert "en-US" == book.properties.language


def test_layers(tmp_path: Path, ruleset: Ruleset) -> None:
    """One value column per layer, read back as layered data; later layers override earlier."""
    path = tmp_path / "mau.xlsx"
    excel.write_template(ruleset, path, layers=("appraisal", "self"))
    officer = Officer(path)
    officer.cell("1.3").value = 11
    officer.cell("1.3", "Thẩm định").value = 10
    officer.cell("9", "Thẩm định").value = 8
    officer.save(path)

    data = excel.read_workbook(path, ruleset)
    res = cc.evaluate(ruleset, data, as_of=AS_OF)

    assert ["self", "appraisal"] == list(data["layers"])
    assert (Decimal(11), Decimal(10)) == (res.layers["self"]["1.3"].points, res["1.3"].points)
    assert [("1.3", "appraisal"), ("9", "appraisal")] == [
        (c.code, c.layer) for c in res.changes() if "." in c.code or c.code == "9"
    ]


def test_province_cells_shut_in_the_units_layer(tmp_path: Path, ruleset: Ruleset) -> None:
    """With several layers, what the province assesses cannot be typed in the unit's column."""
    path = tmp_path / "mau.xlsx"
    excel.write_template(ruleset, path, layers=("self", "appraisal"))
    officer = Officer(path)

    assert officer.cell("9").protection.locked
    assert not officer.cell("9", "Thẩm định").protection.locked
    assert not officer.cell("1.3").protection.locked


def test_layer_headings() -> None:
    """Layers are named the way offices say them."""
    from cchc_index.excel._words import layer_label

    assert ["Tự đánh giá", "Thẩm định", "Thẩm định lần 2", "Appraisal, round 1", "vong_3"] == [
        layer_label("self", "vi"),
        layer_label("appraisal", "vi"),
        layer_label("appraisal_2", "vi"),
        layer_label("appraisal_1", "en"),
        layer_label("vong_3", "vi"),
    ]


@pytest.mark.parametrize(
    "options",
    [
        {"locale": "fr"},
        {"layers": ()},
        {"layers": ("self", "self")},
        {"layers": ["round1"]},
        {"layers": [["self"]]},
    ],
)
def test_bad_options(tmp_path: Path, ruleset: Ruleset, options: dict[str, Any]) -> None:
    """A bad locale or bad layers are input errors."""
    with pytest.raises(cc.InputError):
        excel.write_template(ruleset, tmp_path / "x.xlsx", **options)


def test_not_a_ruleset(tmp_path: Path) -> None:
    """Writing for something that is not a rule set is an input error."""
    anything: Any = "dak-nong/2022/huyen"
    for write in (excel.write_template, excel.write_units_template):
        with pytest.raises(cc.InputError):
            write(anything, tmp_path / "x.xlsx")


def test_unwritable(tmp_path: Path, ruleset: Ruleset) -> None:
    """A path that cannot be written is an input error naming the file."""
    with pytest.raises(cc.InputError) as info:
        excel.write_template(ruleset, tmp_path / "no" / "such" / "x.xlsx")

    assert info.value.problems[0].where.file is not None


# -- the round trip ---------------------------------------------------------------------


def test_round_trip(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """The example typed into the template scores exactly as its TOML file, node by node."""
    data = excel.read_workbook(filled.save(tmp_path / "da-dien.xlsx"), ruleset)
    from_excel = cc.evaluate(ruleset, data, as_of=AS_OF)
    from_toml = cc.evaluate(ruleset, EXAMPLE, as_of=AS_OF)

    def table(result: cc.Result) -> list[tuple[object, ...]]:
        return [(n.code, n.points, n.pending, n.lost, n.status, n.estimated) for n in result.walk()]

    assert table(from_toml) == table(from_excel)
    assert (Decimal("64.7"), Decimal(15)) == (from_excel.points, from_excel.pending)
    assert ("Huyện Đắk Song", AS_OF, 2023) == (data["unit"], data["as_of"], data["period"])


def test_round_trip_values(
    tmp_path: Path, filled: Officer, ruleset: Ruleset, example: dict[str, Any]
) -> None:
    """The values read are the example's: "20.845" is 20845, "10,94" is 10.94, "không" no."""
    data = excel.read_workbook(filled.save(tmp_path / "da-dien.xlsx"), ruleset)
    checked, expected = read_unit(ruleset, data), read_unit(ruleset, example)

    assert expected.inputs == checked.inputs
    assert expected.estimated == checked.estimated == {"institutional_plan_completion"}
    assert expected.final.points == checked.final.points
    assert 20845 == data["inputs"]["files_received"]
    assert Decimal("10.94") == data["inputs"]["online_service_rate"]
    assert "dak-nong/2022/huyen" == data["ruleset"]
    assert example["criteria"]["2.2"]["note"] == data["criteria"]["2.2"]["note"]


def test_blank_template_reads_as_nothing(template: Path, ruleset: Ruleset) -> None:
    """An empty template is valid data: every criterion pending or missing."""
    data = excel.read_workbook(template, ruleset)

    assert {"inputs": {}, "criteria": {}, "ruleset": "dak-nong/2022/huyen"} == data
    assert Decimal(0) == cc.evaluate(ruleset, data, as_of=AS_OF).points


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (10.94, "General", Decimal("10.94")),
        (0.1094, "0.00%", Decimal("10.94")),
        ("10,94 %", "@", Decimal("10.94")),
        ("10,94", "@", Decimal("10.94")),
        (" 10,94 ", "@", Decimal("10.94")),
    ],
)
def test_percent_cells(
    tmp_path: Path,
    template: Path,
    ruleset: Ruleset,
    value: object,
    number_format: str,
    expected: Decimal,
) -> None:
    """A percent may be a number, a cell formatted as %, or Vietnamese text."""
    officer = Officer(template)
    cell = officer.cell(ruleset.inputs["online_service_rate"].label)
    cell.value, cell.number_format = value, number_format

    data = excel.read_workbook(officer.save(tmp_path / "x.xlsx"), ruleset)

    assert expected == data["inputs"]["online_service_rate"]


@pytest.mark.parametrize(
    "value", [datetime(2023, 9, 20), date(2023, 9, 20), "20/09/2023", "2023-09-20", 45189]
)
def test_dates(tmp_path: Path, template: Path, ruleset: Ruleset, value: object) -> None:
    """A date may be a date cell, dd/mm/yyyy text or an Excel serial number."""
    officer = Officer(template)
    officer.ws["C3"] = value

    assert AS_OF == excel.read_workbook(officer.save(tmp_path / "x.xlsx"), ruleset)["as_of"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(False, False), (True, True), ("KHÔNG", False), ("có", True), ("x", True), ("no", False)],
)
def test_yes_no(
    tmp_path: Path, template: Path, ruleset: Ruleset, value: object, expected: bool
) -> None:
    """Yes/no takes Excel's TRUE/FALSE and có/không/x/yes/no/true/false in any case."""
    officer = Officer(template)
    officer.cell(ruleset.inputs["online_payment_target_met"].label).value = value

    data = excel.read_workbook(officer.save(tmp_path / "x.xlsx"), ruleset)

    assert expected is data["inputs"]["online_payment_target_met"]


def test_not_applicable(tmp_path: Path, template: Path, ruleset: Ruleset) -> None:
    """x in the not-applicable column marks the leaf; it then scores its full points."""
    officer = Officer(template)
    officer.cell("7.3", "Không áp dụng (x)").value = "x"
    data = excel.read_workbook(officer.save(tmp_path / "x.xlsx"), ruleset)

    assert {"not_applicable": True} == data["criteria"]["7.3"]
    assert cc.Status.NOT_APPLICABLE == cc.evaluate(ruleset, data)["7.3"].status


# -- refusals ---------------------------------------------------------------------------


def test_formula_without_cached_value(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """A formula Excel never computed (saved by a script) is refused at its cell."""
    filled.cell("Hồ sơ đã giải quyết").value = "=17000+604"
    ref = filled.ref("Hồ sơ đã giải quyết")

    [problem] = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert (ref, "files_resolved") == (problem.where.key, problem.where.input)
    assert "formula Excel has not computed" in problem.en


def test_formula_with_cached_value(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """A formula Excel computed is read by its value, as Excel shows it."""
    filled.cell("Hồ sơ đã giải quyết").value = "=17000+604"
    path = filled.save(tmp_path / "x.xlsx")
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(cached, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                # openpyxl writes the empty value as <v />, or <v></v> with lxml installed
                content = re.sub(
                    rb"<f>17000\+604</f><v(?:\s*/>|></v>)", b"<f>17000+604</f><v>17604</v>", content
                )
            target.writestr(item, content)

    assert 17604 == excel.read_workbook(cached, ruleset)["inputs"]["files_resolved"]


def test_code_turned_number(tmp_path: Path) -> None:
    """A code Excel turned into a number (1.1 where "1.10" stood) is refused, not misread."""
    rs = ten_leaves()
    path = tmp_path / "mau.xlsx"
    excel.write_template(rs, path)
    officer = Officer(path)
    officer.cell("1.10").value = 1
    ref = officer.ref("1.10", "Mã")
    officer.cell("1.10", "Mã").value = 1.1

    [problem] = refusals(officer.save(path), rs)

    assert (ref, "1.10") == (problem.where.key, problem.where.node)
    assert "is a number" in problem.en
    assert "'1.10'" in problem.en


def test_rows_moved(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """Codes that no longer match their rows' markers (rows sorted or moved) are refused."""
    first, second = filled.cell("6.3", "Mã"), filled.cell("6.2", "Mã")
    first.value, second.value = second.value, first.value
    refs = [filled.ref("6.2", "Mã"), filled.ref("6.3", "Mã")]  # rows now show the other code

    found = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert sorted(refs) == sorted(keys(found))
    assert all("rows were moved" in p.en for p in found)


def test_rows_merged(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """Merged cells in the table are refused, with the merged range."""
    row = filled.row("5.1")
    filled.ws.merge_cells(f"B{row}:B{row + 1}")

    found = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert f"{FORM}!B{row}:B{row + 1}" in keys(found)
    assert any("merged" in p.en for p in found)


def test_row_deleted_or_copied(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """A deleted row and a copied row are both refused."""
    ws = filled.ws
    gone = filled.row("4.1")
    ws.delete_rows(gone)
    copy_from = filled.row("8.3")
    for column in range(1, ws.max_column + 1):
        ws.cell(row=ws.max_row + 1 if column == 1 else ws.max_row, column=column).value = ws.cell(
            row=copy_from, column=column
        ).value

    found = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert any("'4.1' is missing" in p.en for p in found)
    assert any("a row was copied" in p.en for p in found)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("HuyÖn §¾k Song", "TCVN3"), ("Huyeän Ñaék Song", "VNI")],
)
def test_legacy_text_refused(
    tmp_path: Path, filled: Officer, ruleset: Ruleset, text: str, encoding: str
) -> None:
    """Text typed in TCVN3 or VNI is refused at its cell, naming the encoding."""
    filled.ws["C2"] = text

    [problem] = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert f"{FORM}!C2" == problem.where.key
    assert f"legacy {encoding} encoding" in problem.en


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("HuyÖn §¾k Song", "TCVN3"),
        ("®¹t mét phÇn", "TCVN3"),
        ("kh«ng", "TCVN3"),
        ("Tæ chøc bé m¸y", "TCVN3"),
        ("Sè hå s¬ ®· gi¶i quyÕt", "TCVN3"),
        ("n­íc", "TCVN3"),
        ("Huyeän Ñaék Song", "VNI"),
        ("coù", "VNI"),
        ("khoâng ñaït", "VNI"),
        ("Ñieåm", "VNI"),
        ("Thuû tuïc haønh chính", "VNI"),
    ],
)
def test_legacy_encoding(text: str, encoding: str) -> None:
    """Characteristic TCVN3 and VNI patterns are recognised."""
    assert encoding == legacy_encoding(text)


def unicode_texts(ruleset: Ruleset) -> Iterator[str]:
    """Real Vietnamese text: the rule set's names, labels and notes, the template's words."""
    yield ruleset.title
    for node in ruleset:
        yield from filter(None, (node.name, node.source, node.responsible))
    for spec in ruleset.inputs.values():
        yield from filter(None, (spec.label, spec.note, *spec.levels))
    for lang in ("vi", "en"):
        yield word("unit", lang)
        for text in (*WORDS.values(), *RESULT_WORDS.values(), *INSTRUCTIONS):
            yield gettext(text, lang)
    yield from ("hoà, hoá, khoẻ, quê, thuế, yên, tiên, xuân, quãng, ngoãn", "«chỉ đạt 02 điểm»")


def test_unicode_is_not_legacy(ruleset: Ruleset) -> None:
    """No Unicode Vietnamese text of the rules or the workbook is taken for TCVN3 or VNI."""
    assert [] == [t for t in unicode_texts(ruleset) if legacy_encoding(t)]


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage \x00\x01\x02", b"PK\x03\x04 not really a zip", b"unit = 'x'"],
)
def test_not_a_workbook(tmp_path: Path, ruleset: Ruleset, content: bytes) -> None:
    """Empty files, garbage and text are input errors naming the file."""
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)

    [problem] = refusals(path, ruleset)

    assert str(path) == problem.where.file
    assert "not an Excel workbook" in problem.en


def test_zip_that_is_not_a_workbook(tmp_path: Path, ruleset: Ruleset) -> None:
    """A zip file of something else is an input error too."""
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")

    assert "not an Excel workbook" in refusals(path, ruleset)[0].en


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300))
def test_nothing_else_escapes(content: bytes) -> None:
    """Whatever the bytes, reading them raises the library's InputError and nothing else."""
    ruleset = cc.load_ruleset("dak-nong/2022/huyen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xlsx"
        path.write_bytes(b"PK\x03\x04" + content if content[:1] == b"P" else content)
        with pytest.raises(cc.InputError):
            excel.read_workbook(path, ruleset)


def test_missing_file_and_bad_arguments(tmp_path: Path, ruleset: Ruleset) -> None:
    """A missing file, a non-path and a non-rule-set are input errors."""
    assert "cannot read the file" in refusals(tmp_path / "none.xlsx", ruleset)[0].en
    anything: Any = 42
    with pytest.raises(cc.InputError):
        excel.read_workbook(anything, ruleset)
    with pytest.raises(cc.InputError):
        excel.read_workbook(tmp_path / "none.xlsx", anything)


def test_not_a_template(tmp_path: Path, ruleset: Ruleset) -> None:
    """A workbook that is not a template says so."""
    book = openpyxl.Workbook()
    book.active["A1"] = "Bảng điểm"
    book.save(tmp_path / "x.xlsx")

    [problem] = refusals(tmp_path / "x.xlsx", ruleset)

    assert "no sheet of this workbook is a cchc-index template" in problem.en


def test_other_rule_set(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """A template of one rule set read with another is refused: the id, and unknown rows."""
    other = ten_leaves()
    found = refusals(filled.save(tmp_path / "x.xlsx"), other)

    assert any(f"{INFO}!C2" == p.where.key and "is for rule set" in p.en for p in found)
    assert any("the rule set does not have" in p.en for p in found)


def test_every_problem_at_once(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """One InputError lists every problem of the workbook, each at its cell."""
    cells = {
        "text": filled.ref("Hồ sơ giải quyết đúng hạn"),
        "bound": filled.ref("Số sáng kiến, giải pháp đổi mới sáng tạo trong CCHC"),
        "points": filled.ref("1.3"),
        "level": filled.ref(ruleset.inputs["budget_revenue_grade"].label),
        "yes": filled.ref(ruleset.inputs["digitisation_carried_out"].label),
        "date": f"{FORM}!C3",
    }
    filled.cell("Hồ sơ giải quyết đúng hạn").value = "15.739,5,1"
    filled.cell("Số sáng kiến, giải pháp đổi mới sáng tạo trong CCHC").value = -1
    filled.cell("1.3").value = "12,5"
    filled.cell(ruleset.inputs["budget_revenue_grade"].label).value = "dat"
    filled.cell(ruleset.inputs["digitisation_carried_out"].label).value = "chưa"
    filled.ws["C3"] = "31/02/2023"

    found = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert sorted(cells.values()) == sorted(keys(found))
    assert all(p.where.file == str(tmp_path / "x.xlsx") for p in found)


def test_constraint_points_at_both_cells(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """A broken constraint names the cells of every input it ties."""
    filled.cell("Hồ sơ giải quyết đúng hạn").value = 17605
    filled.cell("Hồ sơ giải quyết quá hạn").value = 0
    cells = {
        "files_on_time": filled.ref("Hồ sơ giải quyết đúng hạn"),
        "files_resolved": filled.ref("Hồ sơ đã giải quyết"),
    }

    found = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)
    on_time = [p for p in found if "on_time_within_resolved" in p.en]

    assert 1 == len(on_time)
    assert f"{cells['files_on_time']}, {cells['files_resolved']}" == on_time[0].where.key


def test_vietnamese_numbers_are_strict(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """Text "12.5" is not read as 12,5 nor as 125: it is refused."""
    filled.cell(ruleset.inputs["online_service_rate"].label).value = "12.5"

    [problem] = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert "not a number written the Vietnamese way" in problem.en


# -- batch sheets -----------------------------------------------------------------------


def test_units_round_trip(tmp_path: Path, ruleset: Ruleset, example: dict[str, Any]) -> None:
    """A batch sheet: the header of input names in row 2, one unit per row, read in order."""
    path = tmp_path / "don-vi.xlsx"
    excel.write_units_template(ruleset, path, units=["Huyện Đắk Song", "Huyện Đắk Mil"])
    book = openpyxl.load_workbook(path)
    ws = book.active
    header = {ws.cell(row=2, column=c).value: c for c in range(1, ws.max_column + 1)}
    for name, value in example["inputs"].items():
        value = value["value"] if isinstance(value, dict) else value
        ws.cell(row=3, column=header[name]).value = (
            "20.845"
            if name == "files_received"
            else (float(value) if isinstance(value, Decimal) else value)
        )
    for code, statement in example["criteria"].items():
        ws.cell(row=3, column=header[f"points:{code}"]).value = float(statement["points"])
    ws.cell(row=3, column=header["period"]).value = 2023
    ws.cell(row=4, column=header["innovation_initiatives"]).value = 2
    book.save(path)

    units = excel.read_units_workbook(path, ruleset)

    assert ["Huyện Đắk Song", "Huyện Đắk Mil"] == [u["unit"] for u in units]
    assert Decimal("64.7") == cc.evaluate(ruleset, units[0], as_of=AS_OF).points
    assert {"innovation_initiatives": 2} == units[1]["inputs"]
    assert {"points:1.3", "points:9", "not_applicable:1.3"} & set(header) == {
        "points:1.3",
        "points:9",
    }


def test_units_refusals(tmp_path: Path, ruleset: Ruleset) -> None:
    """Every row's problems, numeric codes and unknown columns in the header, all at once."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Xa"
    ws.append(["Bảng tổng hợp các xã"])
    ws.append(
        ["unit", "files_resolved", "files_on_time", 1.3, "inovation_initiatives", "points:1.3"]
    )
    ws.append(["Xã A", 10, 11, None, None, 12])
    ws.append(["Xã B", "mười", 1])
    ws.append([])
    ws.append(["Xã C", 5, "=4"])
    book.save(tmp_path / "x.xlsx")

    with pytest.raises(cc.InputError) as info:
        excel.read_units_workbook(tmp_path / "x.xlsx", ruleset)
    found = info.value.problems

    assert ["Xa!D2", "Xa!E2", "Xa!F3", "Xa!C3, Xa!B3", "Xa!B4", "Xa!C6"] == keys(list(found))
    assert "did you mean 'innovation_initiatives'" in found[1].en


def test_units_sheet_choice(tmp_path: Path, ruleset: Ruleset) -> None:
    """A named sheet that does not exist, or no header row, is an input error."""
    book = openpyxl.Workbook()
    book.active.append(["Tên", "Số"])
    book.save(tmp_path / "x.xlsx")

    for options in ({}, {"sheet": "Không có"}):
        with pytest.raises(cc.InputError):
            excel.read_units_workbook(tmp_path / "x.xlsx", ruleset, **options)


# -- the results workbook ---------------------------------------------------------------


@pytest.fixture(scope="module")
def result(ruleset: Ruleset) -> cc.Result:
    return cc.evaluate(ruleset, EXAMPLE, as_of=AS_OF)


def test_results_workbook(tmp_path: Path, result: cc.Result, example: dict[str, Any]) -> None:
    """The tree with codes as text, points as numbers, statuses in words, and the total 64.7."""
    path = tmp_path / "ket-qua.xlsx"
    excel.write_results_workbook(result, path, reported=example["reported"])
    book = openpyxl.load_workbook(path)
    ws = book["Kết quả"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5)}

    assert ["Kết quả", "Sai lệch"] == book.sheetnames
    assert "vi-VN" == book.properties.language
    assert all(isinstance(r[0].value, str) for r in ws.iter_rows(min_row=5))
    assert ("3.4", "Văn phòng HĐND&UBND huyện") == (rows["3.4"][0].value, rows["3.4"][8].value)
    assert [64.7, 100, 15, 20.3, "đạt một phần"] == [c.value for c in rows["Tổng"][2:7]]
    assert "#,##0.0" == rows["Tổng"][2].number_format
    assert "#,##0" == rows["Tổng"][3].number_format
    assert ("chưa đến hạn", datetime(2023, 11, 30)) == (rows["1.1"][6].value, rows["1.1"][9].value)
    assert "ước" == rows["2"][7].value
    found = list(book["Sai lệch"].iter_rows(min_row=5, values_only=True))
    assert [("Huyện Đắk Song", "Tổng", 65.7, 64.7, 1)] == [r[:5] for r in found]


def test_results_without_reported(tmp_path: Path, result: cc.Result) -> None:
    """No reported sheet, no discrepancies sheet; English headings with locale="en"."""
    excel.write_results_workbook(result, tmp_path / "r.xlsx", locale="en")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")

    assert ["Results"] == book.sheetnames
    assert "Points" == book["Results"]["C4"].value
    assert "en-US" == book.properties.language
    assert ruleset_title_en(result) == book["Results"]["A1"].value  # the English title


def ruleset_title_en(result: cc.Result) -> str:
    """The English title of the rule set ``result`` was scored with."""
    assert result.context is not None
    title = result.context.ruleset.title_en
    assert title is not None
    return title


def test_many_results(tmp_path: Path, result: cc.Result, ruleset: Ruleset) -> None:
    """Several results: a summary, then one sheet per unit with a unique, valid name."""
    other = cc.evaluate(ruleset, {"unit": "Huyện Đắk Song", "inputs": {}}, as_of=AS_OF)
    odd = cc.evaluate(ruleset, {"unit": "Sai lệch", "inputs": {}}, as_of=AS_OF)
    excel.write_results_workbook(
        [result, other, odd], tmp_path / "r.xlsx", reported=[None, {"total": 1}, None]
    )
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")

    assert [
        "Tổng hợp",
        "Huyện Đắk Song",
        "Huyện Đắk Song (2)",
        "Sai lệch (3)",
        "Sai lệch",
    ] == book.sheetnames
    assert [64.7, 0, 0] == [r[1] for r in book["Tổng hợp"].iter_rows(min_row=5, values_only=True)]


@pytest.mark.parametrize(
    ("count", "reported"),
    [(0, None), (-1, None), (-2, None), (2, {"total": 1}), (1, [{"total": 1}, None]), (1, "65,7")],
)
def test_results_bad_arguments(
    tmp_path: Path, result: cc.Result, count: int, reported: Any
) -> None:
    """Not results, or a reported sheet that does not fit them, are input errors."""
    chosen: Any = {-1: ["64.7"], -2: 64.7, 1: result}.get(count, [result] * count)
    with pytest.raises(cc.InputError):
        excel.write_results_workbook(chosen, tmp_path / "r.xlsx", reported=reported)


def test_results_never_compute(tmp_path: Path, result: cc.Result) -> None:
    """Every number in the workbook is one the result holds (no formula, no sum of its own)."""
    excel.write_results_workbook(result, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    held = {float(v) for n in result.walk() for v in (n.points, n.max, n.pending, n.lost)}
    held |= {float(v) for v in (result.points, result.max, result.pending, result.lost)}
    held |= {float(result.index), float(result.potential)}
    numbers = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)}

    assert numbers <= held
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_cell_reference_pattern(tmp_path: Path, filled: Officer, ruleset: Ruleset) -> None:
    """Cell references read Sheet!B12, the sheet's name unquoted."""
    filled.cell("1.3").value = "mười một"

    [problem] = refusals(filled.save(tmp_path / "x.xlsx"), ruleset)

    assert problem.where.key is not None
    assert re.fullmatch(rf"{FORM}![A-Z]+[0-9]+", problem.where.key)


def test_results_with_layers_and_grade(tmp_path: Path) -> None:
    """A graded, layered result shows its grade and a sheet of what each layer changed."""
    rs = cc.load_ruleset(ROOT / "tests/fixtures/year")
    inputs = {"files_resolved": 100, "files_on_time": 99, "revenue_share": Decimal("0.9")}
    inputs |= {"leaders_disciplined": 0, "initiatives_recognised": 0, "late_reports": 0}
    data = {
        "unit": "Xã A",
        "layers": {
            "self": {"inputs": inputs},
            "appraisal_1": {"inputs": {"files_on_time": 95}, "criteria": {"2.3": {"points": 4}}},
        },
    }
    res = cc.evaluate(rs, data, group={"2.1": Decimal("0.85")})
    excel.write_results_workbook(res, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    heading = [book["Kết quả"].cell(row=r, column=1).value for r in (2, 3)]
    changes = list(book["Thay đổi qua các lượt"].iter_rows(min_row=5, values_only=True))

    assert "Lượt đánh giá: Thẩm định lần 1" in heading[0]
    assert f"Xếp loại: {res.grade.label if res.grade else ''}" == heading[1]
    assert ("Xã A", "1.1", "Thẩm định lần 1", 10, 7, -3) == changes[1]


@pytest.mark.parametrize("path", ["\x00", None, 3.5, b"x.xlsx", "", "."])
def test_wrong_paths(ruleset: Ruleset, result: cc.Result, path: Any) -> None:
    """A path that is not one, or names nothing usable, is an input error on every function."""
    for call in (
        lambda: excel.read_workbook(path, ruleset),
        lambda: excel.read_units_workbook(path, ruleset),
        lambda: excel.write_template(ruleset, path),
        lambda: excel.write_results_workbook(result, path),
    ):
        with pytest.raises(cc.InputError):
            call()
