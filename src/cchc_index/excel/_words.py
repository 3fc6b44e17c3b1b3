"""Words and number formats of the workbooks, in Vietnamese and English.

Translation happens here only, where text is shown; the markers that reading
back relies on are never translated.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import InputError, Location, Problem
from ..numbers import format_plain

#: Words shown in the workbook, Vietnamese and English.
WORDS: dict[str, tuple[str, str]] = {
    "form": ("Chấm điểm", "Assessment"),
    "info": ("Hướng dẫn", "About"),
    "units": ("Đơn vị", "Units"),
    "code": ("Mã", "Code"),
    "name": ("Tiêu chí / số liệu", "Criterion / figure"),
    "max": ("Điểm tối đa", "Max points"),
    "responsible": ("Đơn vị chủ trì", "Responsible office"),
    "due": ("Hạn", "Due"),
    "unit": ("Đơn vị tính", "Unit"),
    "allowed": ("Giá trị hợp lệ", "Allowed values"),
    "not_applicable": ("Không áp dụng (x)", "Not applicable (x)"),
    "estimate": ("Ước tính (x)", "Estimate (x)"),
    "note": ("Ghi chú", "Note"),
    "meta:unit": ("Đơn vị được đánh giá", "Unit assessed"),
    "meta:as_of": ("Tính đến ngày", "As of"),
    "meta:period": ("Năm đánh giá", "Year assessed"),
    "hint:as_of": ("dd/mm/yyyy; để trống: cuối năm", "dd/mm/yyyy; blank: the year's end"),
    "hint:period": ("để trống: {year}", "blank: {year}"),
    "other": ("Số liệu khác", "Other figures"),
    "count": ("số nguyên ≥ 0", "whole number ≥ 0"),
    "number": ("số", "number"),
    "range": ("{low} … {high}", "{low} … {high}"),
    "bool": ("có / không", "yes / no (có / không)"),
    "date": ("ngày dd/mm/yyyy", "date dd/mm/yyyy"),
    "points": ("điểm 0 … {max}", "points 0 … {max}"),
    "invalid": ("Giá trị không hợp lệ", "Invalid value"),
}
#: Known assessment layers; any other id is shown as it is.
LAYERS: dict[str, tuple[str, str]] = {
    "self": ("Tự đánh giá", "Self-assessment"),
    "appraisal": ("Thẩm định", "Appraisal"),
    "province": ("Tỉnh đánh giá", "Province's assessment"),
}
_ROUND = re.compile(r"appraisal_?([0-9]+)")
#: The info sheet: hidden key, label, and the rule set's value.
INFO_ROWS = (
    ("ruleset", ("Mã bộ tiêu chí", "Rule set id")),
    ("title", ("Tên bộ tiêu chí", "Title")),
    ("basis", ("Căn cứ", "Legal basis")),
    ("level", ("Cấp", "Level")),
    ("year", ("Năm", "Year")),
    ("max", ("Tổng điểm tối đa", "Total maximum")),
    ("layers", ("Lượt đánh giá", "Assessment layers")),
    ("generator", ("Tạo bởi", "Made by")),
)
INSTRUCTIONS = (
    (
        "Chỉ điền vào các ô màu vàng. Không sửa cột Mã; không chèn, xoá, gộp hay sắp xếp dòng.",
        "Fill in the yellow cells only. Do not edit the Code column; do not insert, delete, "
        "merge or sort rows.",
    ),
    (
        'Số viết kiểu Việt Nam: "20.845" là hai mươi nghìn tám trăm bốn mươi lăm, "89,4" là '
        "tám mươi chín phẩy bốn. Gõ số hoặc văn bản đều được; không viết 12.5.",
        'Numbers the Vietnamese way when typed as text: "20.845" is twenty thousand eight '
        'hundred and forty-five, "89,4" is eighty-nine point four. "12.5" is refused.',
    ),
    (
        'Có/không: chọn "có" hoặc "không" (x cũng là có). Ngày: dd/mm/yyyy, ví dụ 20/09/2023.',
        'Yes/no: pick "có" (yes) or "không" (no); x also means yes. Dates: dd/mm/yyyy.',
    ),
    (
        'Cột "Không áp dụng": gõ x khi tiêu chí không phát sinh hoặc không được giao. '
        'Cột "Ước tính": gõ x khi số liệu là ước đạt.',
        'Column "Not applicable": x when the criterion does not arise or was not assigned. '
        'Column "Estimate": x when the figure is an estimate.',
    ),
    (
        "Để trống khi chưa có số liệu: tiêu chí chưa đến hạn hoặc thiếu số liệu, tuỳ theo hạn.",
        "Leave a cell blank while the figure is not known: not yet due or missing, by deadline.",
    ),
    (
        "Chỉ dùng chữ Unicode; không dùng phông TCVN3 (.VnTime) hay VNI.",
        "Use Unicode text only, never TCVN3 (.VnTime) or VNI fonts.",
    ),
)


def word(key: str, lang: str, **values: object) -> str:
    """A word of the workbook in ``lang`` (``vi`` or ``en``)."""
    return WORDS[key][lang == "en"].format(**values)


def language(locale: object) -> str:
    """``vi`` or ``en``; anything else is an :class:`~cchc_index.InputError`."""
    if locale in ("vi", "en"):
        return str(locale)
    raise InputError(
        Problem(
            where=Location(key="locale"),
            en=f'locale must be "vi" or "en", not {locale!r}',
            vi=f'locale phải là "vi" hoặc "en", không phải {locale!r}',
        )
    )


def layer_label(layer: str, lang: str) -> str:
    """A layer's heading: ``Tự đánh giá`` for ``self``, ``Thẩm định lần 2`` for ``appraisal_2``."""
    if layer in LAYERS:
        return LAYERS[layer][lang == "en"]
    if match := _ROUND.fullmatch(layer):
        return ("Thẩm định lần {}", "Appraisal, round {}")[lang == "en"].format(match[1])
    return layer


def number_format(value: Decimal) -> str:
    """An Excel number format showing exactly ``value``'s digits, grouped: ``#,##0.0#``-like.

    Excel draws the separators the reader's way (``64,7`` in Vietnamese). A format
    with optional places (``#,##0.##``) would show ``12.`` for 12, so the places
    are those of the value itself.
    """
    places = len(format_plain(value).partition(".")[2])
    return "#,##0" + ("." + "0" * places if places else "")


#: Headings of the results workbook, by column key.
RESULT_WORDS: dict[str, tuple[str, str]] = {
    "results": ("Kết quả", "Results"),
    "summary": ("Tổng hợp", "Summary"),
    "discrepancies": ("Sai lệch", "Discrepancies"),
    "code": ("Mã", "Code"),
    "name": ("Tiêu chí", "Criterion"),
    "points": ("Điểm", "Points"),
    "max": ("Tối đa", "Max"),
    "pending": ("Chưa đến hạn", "Pending"),
    "lost": ("Không đạt", "Lost"),
    "status": ("Tình trạng", "Status"),
    "estimated": ("Ước tính", "Estimate"),
    "responsible": ("Đơn vị chủ trì", "Responsible office"),
    "due": ("Hạn", "Due"),
    "unit": ("Đơn vị", "Unit"),
    "index": ("Chỉ số (%)", "Index (%)"),
    "potential": ("Tối đa có thể", "Potential"),
    "as_of": ("Tính đến ngày", "As of"),
    "as_of_line": ("tính đến ngày", "as of"),
    "total": ("Tổng", "Total"),
    "reported": ("Báo cáo", "Reported"),
    "computed": ("Tính theo quy tắc", "Computed"),
    "difference": ("Chênh lệch", "Difference"),
    "message": ("Nội dung", "What is wrong"),
    "changes": ("Thay đổi qua các lượt", "Changes by layer"),
    "layer": ("Lượt đánh giá", "Layer"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "grade": ("Xếp loại", "Grade"),
    "yes": ("ước", "est."),
}


def result_word(key: str, lang: str) -> str:
    """A heading or word of the results workbook in ``lang``."""
    return RESULT_WORDS[key][lang == "en"]
