"""The keys of a rule file, each declared once: what it means and what its value may be.

The loader takes its lists of allowed keys from these declarations, and
:mod:`cchc_index.rulefiles.schema` builds the editor's JSON Schema from the same ones, so the
two cannot drift apart. The keys of a rule table belong to its scoring kind
(:attr:`cchc_index.kinds.Rule.keys`); the tables of named entries (``[inputs]``,
``[constraints]``, ``[criteria]``) are put together in :mod:`cchc_index.rulefiles.schema`.

Values are described as JSON Schema (draft 2020-12) fragments of a TOML file read
as JSON: TOML integers and floats are numbers, dates are ``YYYY-MM-DD`` text (what
Taplo hands its validator).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import field, frozen

from ..codes import CODE_PATTERN
from ..numbers import ROUNDING_MODES
from .model import Adjust, Assessor, Inconsistency, InputType, NotApplicable

__all__ = [
    "ACKNOWLEDGE",
    "ACKNOWLEDGE_KEYS",
    "BASIS_KEYS",
    "CODE",
    "CONSTRAINT_KEYS",
    "CRITERION_KEYS",
    "DATE",
    "IDENTIFIER",
    "INHERITANCE_KEYS",
    "INPUT_KEYS",
    "KIND",
    "ROUNDING_KEYS",
    "RULESET_KEYS",
    "TEXT",
    "TOP_KEYS",
    "Key",
    "number",
    "required_keys",
    "table",
    "text_or",
]


@frozen(kw_only=True)
class Key:
    """One key of a rule-file table (khóa): its meaning in Vietnamese and English, its value.

    ``schema`` is the JSON-schema fragment of the value. ``required``: a complete
    rule file must give the key, while a file that ``extends`` another may leave it
    to its parent; ``own``: even such a file must give it (its ``id``). Keys with the
    same ``one_of`` name are alternatives: exactly one of them is given.
    """

    vi: str
    en: str
    schema: Mapping[str, Any] = field(factory=dict)
    required: bool = False
    own: bool = False
    one_of: str | None = None

    @property
    def description(self) -> str:
        """The text an editor shows for the key: Vietnamese, then English."""
        return f"{self.vi}\n\n{self.en}"

    def fragment(self) -> dict[str, Any]:
        """The key's JSON-schema fragment, with its description."""
        return {"description": self.description, **copy.deepcopy(dict(self.schema))}


# -- Value fragments -----------------------------------------------------------------------

#: Non-empty text (the loader refuses text that is blank once stripped).
TEXT: Mapping[str, Any] = {"type": "string", "pattern": r"\S"}
#: A TOML date, as a JSON validator sees it.
DATE: Mapping[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
#: A criterion code as the decree writes it: ``I``, ``II.1``, ``3.4.1``, ``3.4.đ``.
CODE: Mapping[str, Any] = {"type": "string", "pattern": f"^(?:{CODE_PATTERN.pattern})$"}
#: A name that expressions can use: an input's name.
IDENTIFIER: Mapping[str, Any] = {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"}


def number(**bounds: int) -> dict[str, Any]:
    """A number (a TOML integer or float), within JSON-schema ``bounds`` if given."""
    return {"type": "number", **bounds}


def text_or(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Non-empty text, or a value of ``schema`` (a table): ``basis = "…"`` or ``{ … }``."""
    # One schema rather than a oneOf, so that an error points at the offending key.
    return {**schema, "type": ["string", schema["type"]], "pattern": TEXT["pattern"]}


def required_keys(keys: Mapping[str, Key], *, complete: bool = True) -> list[str]:
    """The keys a table must give: all required ones, or only its own in a partial table."""
    return [name for name, key in keys.items() if key.own or (complete and key.required)]


def table(keys: Mapping[str, Key], *, complete: bool = True, closed: bool = True) -> dict[str, Any]:
    """The JSON schema of a table with ``keys``; ``closed`` refuses any other key."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: key.fragment() for name, key in keys.items()},
    }
    required = required_keys(keys, complete=complete)
    if required:
        schema["required"] = required
    initial = required_keys(keys)
    if initial:  # what Taplo inserts when it creates the table
        schema["x-taplo"] = {"initKeys": initial}
    groups = _groups(keys.items())
    if len(groups) == 1:
        schema["oneOf"] = groups[0]
    elif groups:
        schema["allOf"] = [{"oneOf": group} for group in groups]
    if closed:
        schema["additionalProperties"] = False
    return schema


def _groups(keys: Iterable[tuple[str, Key]]) -> list[list[dict[str, Any]]]:
    """For each ``one_of`` group, the alternatives: each requires one of its keys."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, key in keys:
        if key.one_of is not None:
            found.setdefault(key.one_of, []).append({"required": [name]})
    return list(found.values())


# -- The tables ------------------------------------------------------------------------------

#: The tables of a rule file.
TOP_KEYS: Mapping[str, Key] = {
    "ruleset": Key(
        vi="Danh tính và căn cứ pháp lý của bộ tiêu chí.",
        en="The rule set's identity and legal basis.",
        schema={"type": "object"},
        required=True,
        own=True,
    ),
    "inputs": Key(
        vi="Các số liệu đơn vị báo cáo (số hồ sơ, có/không, mức), theo tên.",
        en="The figures a unit reports (file counts, yes/no, a level), by name.",
        schema={"type": "object"},
    ),
    "constraints": Key(
        vi="Các ràng buộc giữa các đầu vào (files_on_time <= files_resolved), theo tên.",
        en="Rules between inputs (files_on_time <= files_resolved), by name.",
        schema={"type": "object"},
    ),
    "criteria": Key(
        vi='Cây tiêu chí, mỗi nút theo mã của nó: [criteria."3.4.1"].',
        en='The tree of criteria, each node by its code: [criteria."3.4.1"].',
        schema={"type": "object"},
        required=True,
    ),
}

#: The keys of ``basis = { ... }``, the legal basis of a rule set.
BASIS_KEYS: Mapping[str, Key] = {
    "decision": Key(
        vi="Số quyết định ban hành, ví dụ 1704/QĐ-UBND.",
        en="The decision's number, e.g. 1704/QĐ-UBND.",
        schema=TEXT,
        required=True,
    ),
    "date": Key(
        vi="Ngày ban hành, ví dụ 2022-10-18.",
        en="The date it was issued, e.g. 2022-10-18.",
        schema=DATE,
    ),
    "issuer": Key(
        vi="Cơ quan ban hành, ví dụ UBND tỉnh Đắk Nông.",
        en="Who issued it, e.g. UBND tỉnh Đắk Nông.",
        schema=TEXT,
    ),
}

#: The keys of ``rounding = { ... }``, the rule set's rounding policy.
ROUNDING_KEYS: Mapping[str, Key] = {
    "places": Key(
        vi="Số chữ số thập phân (mặc định 2).",
        en="Decimal places (default 2).",
        schema={"type": "integer", "minimum": 0, "maximum": 10, "default": 2},
    ),
    "mode": Key(
        vi="Cách làm tròn; half_up (mặc định) như hàm ROUND của Excel.",
        en="How to round; half_up (the default) is Excel's ROUND.",
        schema={"enum": list(ROUNDING_MODES), "default": "half_up"},
    ),
}

#: The keys of each ``[[ruleset.grades]]`` table.
GRADE_KEYS: Mapping[str, Key] = {
    "label": Key(
        vi="Tên xếp loại (Tốt, Khá, Nhóm A …).",
        en="The grade's label (Tốt, Khá, Group A …).",
        schema=TEXT,
        required=True,
    ),
    "label_en": Key(vi="Tên xếp loại bằng tiếng Anh.", en="The label in English.", schema=TEXT),
    "at_least": Key(
        vi='Ngưỡng tối thiểu (≥, "từ … trở lên") của chỉ số hoặc số điểm; bỏ trống ở mức '
        "cuối cùng.",
        en='The threshold (≥, "from … up") on the index or the points; leave it out on '
        "the last grade.",
        schema=number(),
    ),
    "above": Key(
        vi='Ngưỡng ngặt (>, "trên …") của chỉ số hoặc số điểm.',
        en='A strict threshold (>, "above …") on the index or the points.',
        schema=number(),
    ),
    "of": Key(
        vi="Ngưỡng áp dụng cho index (chỉ số %, mặc định) hay points (số điểm).",
        en="What the threshold applies to: index (the %, default) or points.",
        schema={"enum": ["index", "points"], "default": "index"},
    ),
    "when": Key(
        vi="Điều kiện thêm: biểu thức (hoặc danh sách biểu thức) phải đúng, ví dụ "
        '"lowest_field_share() >= 0.5".',
        en="Extra conditions: an expression (or a list) that must hold, e.g. "
        '"lowest_field_share() >= 0.5".',
        schema={"oneOf": [TEXT, {"type": "array", "items": TEXT}]},
    ),
    "forced_by": Key(
        vi="Điều kiện loại trừ: nếu một trong các biểu thức này đúng thì xếp loại này, bất "
        'kể số điểm, ví dụ "corruption_cases > 0".',
        en="Disqualifying conditions: if any of these expressions holds, this grade is "
        'given whatever the points, e.g. "corruption_cases > 0".',
        schema={"oneOf": [TEXT, {"type": "array", "items": TEXT}]},
    ),
}

#: The keys of ``acknowledge = { ... }``: the decree's inconsistencies, kept as written.
ACKNOWLEDGE_KEYS: Mapping[str, Key] = {
    Inconsistency.SUM.value: Key(
        vi="Các tiêu chí con cộng lại khác điểm tối đa in trong quyết định: giữ nguyên số "
        "liệu của quyết định và ghi lại (trích) lời văn của quyết định.",
        en="The children add up to other than the maximum the decision prints: keep the "
        "decision's figures and quote or explain them here.",
        schema=TEXT,
    ),
    Inconsistency.UNREACHABLE.value: Key(
        vi="Không mức chấm nào đạt điểm tối đa in trong quyết định: giữ nguyên và ghi lại.",
        en="No option of the scoring rule reaches the maximum the decision prints: keep it "
        "and say so here.",
        schema=TEXT,
    ),
    Inconsistency.OPEN.value: Key(
        vi="Văn bản không cho điểm tối đa của tiêu chí này: ghi max = 0 (không đoán) và ghi "
        "lại lời văn.",
        en="The source gives no maximum for this criterion: write max = 0 (never a guess) and "
        "say so here.",
        schema=TEXT,
    ),
}

#: The JSON schema of an ``acknowledge`` table.
ACKNOWLEDGE = table(ACKNOWLEDGE_KEYS)

#: The keys of ``[ruleset]`` that the loader validates.
RULESET_KEYS: Mapping[str, Key] = {
    "id": Key(
        vi="Mã bộ tiêu chí <tỉnh>/<năm>/<cấp>, chữ thường không dấu và gạch nối: "
        "dak-nong/2022/huyen. Phải khớp với year và level.",
        en="The rule set's id <province>/<year>/<level>, lower-case ASCII with hyphens: "
        "dak-nong/2022/huyen. Must match year and level.",
        schema=TEXT,
        required=True,
        own=True,
    ),
    "title": Key(
        vi="Tên bộ tiêu chí, bằng tiếng Việt.",
        en="The rule set's name, in Vietnamese.",
        schema=TEXT,
        required=True,
    ),
    "title_en": Key(vi="Tên bộ tiêu chí bằng tiếng Anh.", en="The name in English.", schema=TEXT),
    "basis": Key(
        vi='Căn cứ pháp lý: văn bản, hoặc { decision = "1704/QĐ-UBND", date = 2022-10-18, '
        'issuer = "UBND tỉnh Đắk Nông" }.',
        en='The legal basis: text, or { decision = "1704/QĐ-UBND", date = 2022-10-18, '
        'issuer = "UBND tỉnh Đắk Nông" }.',
        schema=text_or(table(BASIS_KEYS)),
    ),
    "level": Key(
        vi="Cấp của đơn vị được chấm: tinh, so, huyen, xa, …",
        en="The level of the units scored: tinh, so, huyen, xa, …",
        schema=TEXT,
        required=True,
    ),
    "year": Key(
        vi="Năm của bộ tiêu chí (năm ban hành quyết định).",
        en="The year of the rules (the decision's year).",
        schema={"type": "integer", "minimum": 1990, "maximum": 2200},
        required=True,
    ),
    "max": Key(
        vi="Tổng điểm tối đa (thường là 100); điểm tối đa các lĩnh vực phải cộng lại bằng số này.",
        en="Total maximum points (usually 100); the fields' maxima must add up to it.",
        schema=number(exclusiveMinimum=0),
        required=True,
    ),
    "rounding": Key(
        vi='Cách làm tròn điểm: { places = 2, mode = "half_up" } (mặc định).',
        en='How points are rounded: { places = 2, mode = "half_up" } (the default).',
        schema=table(ROUNDING_KEYS),
    ),
    "layers": Key(
        vi='Các lớp đánh giá theo thứ tự, lớp sau ghi đè lớp trước (mặc định ["self", '
        '"appraisal"]: tự đánh giá rồi thẩm định).',
        en="The assessment layers in order, a later one overriding an earlier one (default "
        '["self", "appraisal"]: self-assessment, then appraisal).',
        schema={
            "type": "array",
            "items": IDENTIFIER,
            "minItems": 1,
            "uniqueItems": True,
        },
    ),
    "grades": Key(
        vi="Xếp loại theo thứ tự, mức đầu tiên thoả mãn được chọn: [[ruleset.grades]].",
        en="Grades in order, the first that holds is given: [[ruleset.grades]].",
        schema={"type": "array", "items": table(GRADE_KEYS)},
    ),
    "offices": Key(
        vi="false khi bộ tiêu chí không dùng đơn vị chủ trì (chấm điểm cá nhân, đơn vị): "
        "khi đó không cảnh báo tiêu chí thiếu đơn vị chủ trì.",
        en="false when the criteria name no responsible offices (a sheet that scores "
        "people or units): no warning for criteria without one.",
        schema={"type": "boolean", "default": True},
    ),
    "acknowledge": Key(
        vi="Sai sót của quyết định ở tổng điểm, giữ nguyên như văn bản: "
        '{ sum = "Tổng các lĩnh vực in trong quyết định là 99 điểm" }.',
        en="The decree's inconsistency in its total, kept as written: "
        '{ sum = "The decision\'s fields add up to 99" }.',
        schema=ACKNOWLEDGE,
    ),
}

#: The keys of ``[ruleset]`` that steer inheritance, consumed before validation.
INHERITANCE_KEYS: Mapping[str, Key] = {
    "extends": Key(
        vi="Bộ tiêu chí được kế thừa: mã (dak-nong/2022/huyen) hoặc đường dẫn tương đối. "
        "Tệp này chỉ ghi những gì khác.",
        en="The rule set this one extends: an id (dak-nong/2022/huyen) or a relative path. "
        "This file then writes only what differs.",
        schema=TEXT,
    ),
    "remove": Key(
        vi='Các tiêu chí của bộ được kế thừa cần bỏ, cùng các tiêu chí con: ["3.4.2"].',
        en='Criteria of the extended rule set to remove, with their subtrees: ["3.4.2"].',
        schema={"type": "array", "items": CODE},
    ),
}

#: The keys of ``[inputs.<name>]``.
INPUT_KEYS: Mapping[str, Key] = {
    "type": Key(
        vi="Kiểu số liệu: count (số nguyên ≥ 0), number, ratio (0 đến 1), percent (0 đến 100), "
        "bool, date, level.",
        en="The kind of figure: count (whole number ≥ 0), number, ratio (0 to 1), "
        "percent (0 to 100), bool, date, level.",
        schema={"enum": [t.value for t in InputType]},
        required=True,
    ),
    "label": Key(
        vi="Số liệu là gì, bằng tiếng Việt.",
        en="What the figure is, in Vietnamese.",
        schema=TEXT,
        required=True,
    ),
    "label_en": Key(vi="Tên số liệu bằng tiếng Anh.", en="The label in English.", schema=TEXT),
    "unit": Key(
        vi="Đơn vị hiển thị kèm số liệu: hồ sơ, triệu đồng.",
        en="The unit shown beside it: hồ sơ, triệu đồng.",
        schema=TEXT,
    ),
    "min": Key(
        vi="Cận dưới, cho kiểu số (trong giới hạn của kiểu).",
        en="Lower bound, for numeric types (within the type's own).",
        schema=number(),
    ),
    "max": Key(
        vi="Cận trên, cho kiểu số (trong giới hạn của kiểu).",
        en="Upper bound, for numeric types (within the type's own).",
        schema=number(),
    ),
    "levels": Key(
        vi="Cho kiểu level: danh sách tên các mức, theo thứ tự.",
        en="For level inputs: the level names, in order.",
        schema={"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True},
    ),
    "note": Key(vi="Ghi chú.", en="Free text.", schema=TEXT),
}

#: The keys of ``[constraints.<name>]`` (which may also be the expression alone).
CONSTRAINT_KEYS: Mapping[str, Key] = {
    "expr": Key(
        vi="Biểu thức phải đúng khi có đủ các đầu vào: files_on_time <= files_resolved.",
        en="An expression that must hold when its inputs are given: "
        "files_on_time <= files_resolved.",
        schema=TEXT,
        required=True,
    ),
    "message": Key(
        vi="Thông báo khi ràng buộc bị vi phạm.",
        en="The message shown when the constraint is broken.",
        schema=TEXT,
    ),
}

#: The keys of ``[criteria."<code>"]``.
CRITERION_KEYS: Mapping[str, Key] = {
    "name": Key(
        vi="Tên tiêu chí, bằng tiếng Việt.",
        en="The criterion's name, in Vietnamese.",
        schema=TEXT,
        required=True,
    ),
    "name_en": Key(vi="Tên tiêu chí bằng tiếng Anh.", en="The name in English.", schema=TEXT),
    "max": Key(
        vi="Điểm tối đa; các tiêu chí con phải cộng lại đúng bằng số này.",
        en="Maximum points; the children must add up to it exactly.",
        schema=number(minimum=0),
        required=True,
    ),
    "responsible": Key(
        vi="Đơn vị chủ trì, được nêu trong báo cáo cho mỗi điểm bị trừ.",
        en="The office in charge, named in reports for every point lost.",
        schema=TEXT,
    ),
    "due": Key(
        vi='Hạn: một ngày (2023-11-30 hoặc "30/11/2023") hoặc ngày/tháng ("30/11") '
        "trong năm được đánh giá.",
        en='Deadline: a date (2023-11-30 or "30/11/2023") or a day and month ("30/11") '
        "within the assessed year.",
        schema={
            "anyOf": [
                DATE,
                {"type": "string", "pattern": r"^\s*\d{1,2}/\d{1,2}(/\d{4})?\s*$"},
            ]
        },
    ),
    "assessor": Key(
        vi="Ai chấm: self (đơn vị tự đánh giá, mặc định) hoặc province (tỉnh thẩm định).",
        en="Who scores it: self (the unit's self-assessment, the default) or province.",
        schema={"enum": [a.value for a in Assessor], "default": Assessor.SELF.value},
    ),
    "source": Key(
        vi="Nguồn của quy tắc; ghi rõ khi quy tắc được suy ra chứ không đọc từ quyết định.",
        en="Where the rule comes from; say so when it is inferred rather than read "
        "in the decision.",
        schema=TEXT,
    ),
    "not_applicable": Key(
        vi="Khi không áp dụng: full (không phát sinh: đủ điểm, mặc định) hoặc rescale "
        "(không được giao: quy đổi các tiêu chí cùng cấp).",
        en="When it does not apply: full (nothing arose: full points, the default) or "
        "rescale (not assigned: its siblings are scaled up).",
        schema={"enum": [n.value for n in NotApplicable], "default": NotApplicable.FULL.value},
    ),
    "not_applicable_when": Key(
        vi="Khi nào tiêu chí không áp dụng, theo số liệu của đơn vị: một biểu thức, ví dụ "
        '"tasks_assigned == 0" (không được giao nhiệm vụ).',
        en="When the criterion does not apply, decided by the unit's figures: an "
        'expression, e.g. "tasks_assigned == 0" (no task assigned).',
        schema=TEXT,
    ),
    "rescale_scope": Key(
        vi="true: các tiêu chí lá không được giao ở bất kỳ đâu bên dưới được bỏ khỏi điểm "
        "tối đa của nút này, và các tiêu chí được giao được quy đổi lên điểm tối đa của nó.",
        en="true: not-assigned leaves anywhere below leave this node's maximum, and the "
        "assigned ones are scaled up to it.",
        schema={"type": "boolean", "default": False},
    ),
    "acknowledge": Key(
        vi="Sai sót của quyết định ở tiêu chí này, giữ nguyên như văn bản: "
        '{ sum = "…" } hoặc { unreachable = "…" }.',
        en="The decree's inconsistency at this criterion, kept as written: "
        '{ sum = "…" } or { unreachable = "…" }.',
        schema=ACKNOWLEDGE,
    ),
    "adjust": Key(
        vi="Chỉ ở tiêu chí cấp 1 nằm ngoài tổng điểm: bonus (điểm thưởng, cộng vào tổng) "
        "hoặc penalty (điểm trừ, trừ khỏi tổng); max là mức tối đa được cộng/trừ.",
        en="Top-level nodes outside the base total only: bonus (points added to the total) "
        "or penalty (points taken from it); max caps the adjustment.",
        schema={"enum": [a.value for a in Adjust]},
    ),
    "rule": Key(
        vi="Quy tắc chấm điểm, chỉ ở tiêu chí lá: một bảng có kind.",
        en="The scoring rule, on leaves only: a table with a kind.",
        schema={"$ref": "#/$defs/rule"},
    ),
}

#: The key that selects a rule's scoring kind.
KIND = Key(
    vi="Loại quy tắc chấm điểm: check, bands, linear, per_item, levels, deduct, formula, "
    "manual, hoặc loại do tỉnh đăng ký.",
    en="The scoring kind: check, bands, linear, per_item, levels, deduct, formula, manual, "
    "or one a province registered.",
    required=True,
)
