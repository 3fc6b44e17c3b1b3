"""Comparing two rule sets: :func:`cchc_index.rulefiles.diff.diff` and its text rendering."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import ClassVar

import pytest
from attrs import frozen

import cchc_index as cc
from cchc_index.kinds import KINDS, Rule, RuleSpec, Score, ScoringContext
from cchc_index.render.diff import render_diff
from cchc_index.rulefiles.diff import ChangeKind, JsonValue, RulesetDiff, diff, rule_dict
from helpers import FIXTURES

K = ChangeKind

#: A small rule set that every variant below starts from. Each line an edit
#: replaces is unique in it.
BASE = """\
[ruleset]
id = "mau/2023/xa"
title = "Bộ mẫu"
level = "xa"
year = 2023
max = 10
basis = "12/QĐ-UBND"

[inputs.files_resolved]
type = "count"
label = "Hồ sơ đã giải quyết"

[inputs.files_on_time]
type = "count"
label = "Hồ sơ đúng hạn"

[inputs.done]
type = "bool"
label = "Đã thực hiện"

[inputs.spare]
type = "percent"
label = "Chưa dùng"

[constraints.on_time_within_resolved]
expr = "files_on_time <= files_resolved"

[criteria."1"]
name = "Lĩnh vực một"
max = 10

[criteria."1.1"]
name = "Tỷ lệ đúng hạn"
name_en = "On-time rate"
max = 4
responsible = "Bộ phận một cửa"
due = "30/11"

[criteria."1.1".rule]
kind = "bands"
metric = "div(files_on_time, files_resolved)"
bands = [
  { at_least = 0.95, points = 4 },
  { below = 0.95, points = 0 },
]

[criteria."1.2"]
name = "Kiểm tra"
max = 6
rule = { kind = "check", input = "done" }
"""


def variant(*edits: tuple[str, str], add: str = "", text: str = BASE) -> str:
    """``text`` with each ``(old, new)`` edit made once, and ``add`` appended.

    An edit whose ``old`` text is not found exactly once fails the test, so a
    variant cannot silently equal its base.
    """
    for old, new in edits:
        assert 1 == text.count(old), old
        text = text.replace(old, new)
    return text + add


def changes(a: str, b: str) -> list[tuple[ChangeKind, str, JsonValue, JsonValue]]:
    """The changes from rule-set text ``a`` to ``b`` as (kind, code, old, new)."""
    found = diff(cc.loads_ruleset(a), cc.loads_ruleset(b))
    return [(c.kind, c.code, c.old, c.new) for c in found.changes]


#: The base's 1.2 rule and nodes in their plain form.
CHECK_DONE: dict[str, JsonValue] = {
    "kind": "check",
    "source": {"input": "done"},
    "points": None,
    "expect": True,
}
EXTRA_NODE = """
[criteria."1.3"]
name = "Bổ sung"
max = 2
rule = { kind = "manual" }
"""
EXTRA_NODE_DICT: dict[str, JsonValue] = {
    "name": "Bổ sung",
    "name_en": None,
    "max": "2",
    "responsible": None,
    "due": None,
    "assessor": "self",
    "not_applicable": "full",
    "not_applicable_when": None,
    "rescale_scope": False,
    "rule": {"kind": "manual"},
}
WITH_EXTRA_NODE = variant(
    ('max = 6\nrule = { kind = "check"', 'max = 4\nrule = { kind = "check"'), add=EXTRA_NODE
)
SPARE: dict[str, JsonValue] = {
    "type": "percent",
    "label": "Chưa dùng",
    "label_en": None,
    "unit": None,
    "min": None,
    "max": None,
    "levels": [],
    "note": None,
}
ON_TIME: dict[str, JsonValue] = {"expr": "files_on_time <= files_resolved", "message": None}


def test_identical_rule_sets_have_no_change() -> None:
    """A rule set compared with itself, or with a fresh load of the same text, is unchanged."""
    rs = cc.loads_ruleset(BASE)
    for other in (rs, cc.loads_ruleset(BASE)):
        found = diff(rs, other)
        assert (False, (), 0) == (bool(found), found.changes, len(found))


def test_numbers_are_compared_by_value() -> None:
    """``max = 6.0`` is the same maximum as ``max = 6``."""
    assert [] == changes(BASE, variant(("max = 6\n", "max = 6.0\n")))


#: (a, b, expected changes) for each kind of edit, one pytest param each.
CASES = [
    pytest.param(
        BASE,
        WITH_EXTRA_NODE,
        [(K.REWEIGHTED, "1.2", "6", "4"), (K.ADDED, "1.3", None, EXTRA_NODE_DICT)],
        id="added",
    ),
    pytest.param(
        WITH_EXTRA_NODE,
        BASE,
        [(K.REWEIGHTED, "1.2", "4", "6"), (K.REMOVED, "1.3", EXTRA_NODE_DICT, None)],
        id="removed",
    ),
    pytest.param(
        BASE,
        variant(('name = "Kiểm tra"', 'name = "Kiểm tra CCHC"')),
        [
            (
                K.RENAMED,
                "1.2",
                {"name": "Kiểm tra", "name_en": None},
                {"name": "Kiểm tra CCHC", "name_en": None},
            )
        ],
        id="renamed",
    ),
    pytest.param(
        BASE,
        variant(('name_en = "On-time rate"', 'name_en = "Files resolved on time"')),
        [
            (
                K.RENAMED,
                "1.1",
                {"name": "Tỷ lệ đúng hạn", "name_en": "On-time rate"},
                {"name": "Tỷ lệ đúng hạn", "name_en": "Files resolved on time"},
            )
        ],
        id="renamed-en",
    ),
    pytest.param(
        BASE,
        variant(
            ("max = 10\nbasis", "max = 9\nbasis"),
            ("max = 10\n\n", "max = 9\n\n"),
            ("max = 6\n", "max = 5\n"),
        ),
        [
            (K.RULESET_CHANGED, "max", "10", "9"),
            (K.REWEIGHTED, "1", "10", "9"),
            (K.REWEIGHTED, "1.2", "6", "5"),
        ],
        id="reweighted",
    ),
    pytest.param(
        BASE,
        variant(("at_least = 0.95", "at_least = 0.9"), ("below = 0.95", "below = 0.9")),
        [
            (
                K.RULE_CHANGED,
                "1.1",
                {
                    "kind": "bands",
                    "source": {"metric": "div(files_on_time, files_resolved)"},
                    "bands": [
                        {"interval": "[0.95, +∞)", "points": "4"},
                        {"interval": "(-∞, 0.95)", "points": "0"},
                    ],
                },
                {
                    "kind": "bands",
                    "source": {"metric": "div(files_on_time, files_resolved)"},
                    "bands": [
                        {"interval": "[0.9, +∞)", "points": "4"},
                        {"interval": "(-∞, 0.9)", "points": "0"},
                    ],
                },
            )
        ],
        id="rule-band",
    ),
    pytest.param(
        BASE,
        variant(('{ kind = "check", input = "done" }', '{ kind = "manual" }')),
        [(K.RULE_CHANGED, "1.2", CHECK_DONE, {"kind": "manual"})],
        id="rule-kind",
    ),
    pytest.param(
        BASE,
        variant(
            ('rule = { kind = "check", input = "done" }\n', ""),
            add='[criteria."1.2.1"]\nname = "Con"\nmax = 6\nrule = { kind = "manual" }\n',
        ),
        [
            (K.RULE_CHANGED, "1.2", CHECK_DONE, None),
            (
                K.ADDED,
                "1.2.1",
                None,
                {**EXTRA_NODE_DICT, "name": "Con", "max": "6"},
            ),
        ],
        id="leaf-becomes-parent",
    ),
    pytest.param(
        BASE,
        variant(('responsible = "Bộ phận một cửa"', 'responsible = "Văn phòng UBND"')),
        [(K.RESPONSIBLE_CHANGED, "1.1", "Bộ phận một cửa", "Văn phòng UBND")],
        id="responsible",
    ),
    pytest.param(
        BASE,
        variant(('due = "30/11"', 'due = "15/12"')),
        [(K.DUE_CHANGED, "1.1", "30/11", "15/12")],
        id="due-month-day",
    ),
    pytest.param(
        BASE,
        variant(('due = "30/11"', "due = 2023-12-15")),
        [(K.DUE_CHANGED, "1.1", "30/11", "2023-12-15")],
        id="due-date",
    ),
    pytest.param(
        BASE,
        variant(("max = 6\n", 'max = 6\nassessor = "province"\n')),
        [(K.ASSESSOR_CHANGED, "1.2", "self", "province")],
        id="assessor",
    ),
    pytest.param(
        BASE,
        variant(("max = 6\n", 'max = 6\nnot_applicable = "rescale"\n')),
        [(K.NOT_APPLICABLE_CHANGED, "1.2", "full", "rescale")],
        id="not-applicable",
    ),
    pytest.param(
        BASE,
        variant(("max = 6\n", 'max = 6\nnot_applicable_when = "not done"\n')),
        [(K.NOT_APPLICABLE_WHEN_CHANGED, "1.2", None, "not done")],
        id="not-applicable-when",
    ),
    pytest.param(
        BASE,
        variant(('name = "Lĩnh vực một"\n', 'name = "Lĩnh vực một"\nrescale_scope = true\n')),
        [(K.RESCALE_SCOPE_CHANGED, "1", False, True)],
        id="rescale-scope",
    ),
    pytest.param(
        variant(('[inputs.spare]\ntype = "percent"\nlabel = "Chưa dùng"\n', "")),
        BASE,
        [(K.INPUT_ADDED, "spare", None, SPARE)],
        id="input-added",
    ),
    pytest.param(
        BASE,
        variant(('[inputs.spare]\ntype = "percent"\nlabel = "Chưa dùng"\n', "")),
        [(K.INPUT_REMOVED, "spare", SPARE, None)],
        id="input-removed",
    ),
    pytest.param(
        BASE,
        variant(('label = "Chưa dùng"', 'label = "Chưa dùng"\nmax = 50\nunit = "%"')),
        [(K.INPUT_CHANGED, "spare", SPARE, {**SPARE, "max": "50", "unit": "%"})],
        id="input-changed",
    ),
    pytest.param(
        BASE,
        variant(add='[constraints.spare_half]\nexpr = "spare <= 50"\n'),
        [(K.CONSTRAINT_ADDED, "spare_half", None, {"expr": "spare <= 50", "message": None})],
        id="constraint-added",
    ),
    pytest.param(
        BASE,
        variant(
            (
                '[constraints.on_time_within_resolved]\nexpr = "files_on_time <= files_resolved"\n',
                "",
            )
        ),
        [(K.CONSTRAINT_REMOVED, "on_time_within_resolved", ON_TIME, None)],
        id="constraint-removed",
    ),
    pytest.param(
        BASE,
        variant(
            (
                '"files_on_time <= files_resolved"\n',
                '"files_on_time <= files_resolved"\nmessage = "sai"\n',
            )
        ),
        [(K.CONSTRAINT_CHANGED, "on_time_within_resolved", ON_TIME, {**ON_TIME, "message": "sai"})],
        id="constraint-changed",
    ),
    pytest.param(
        BASE,
        variant(('title = "Bộ mẫu"', 'title = "Bộ mẫu 2"\ntitle_en = "Sample"')),
        [
            (K.RULESET_CHANGED, "title", "Bộ mẫu", "Bộ mẫu 2"),
            (K.RULESET_CHANGED, "title_en", None, "Sample"),
        ],
        id="title",
    ),
    pytest.param(
        BASE,
        variant(('basis = "12/QĐ-UBND"', 'basis = { decision = "34/QĐ-UBND", date = 2024-01-05 }')),
        [
            (
                K.RULESET_CHANGED,
                "basis",
                {"decision": "12/QĐ-UBND", "date": None, "issuer": None},
                {"decision": "34/QĐ-UBND", "date": "2024-01-05", "issuer": None},
            )
        ],
        id="basis",
    ),
    pytest.param(
        BASE,
        variant(
            ('id = "mau/2023/xa"', 'id = "mau/2024/phuong"'),
            ("year = 2023", "year = 2024"),
            ('level = "xa"', 'level = "phuong"'),
        ),
        [
            (K.RULESET_CHANGED, "level", "xa", "phuong"),
            (K.RULESET_CHANGED, "year", 2023, 2024),
        ],
        id="level-year",
    ),
    pytest.param(
        BASE,
        variant(
            (
                'basis = "12/QĐ-UBND"',
                'basis = "12/QĐ-UBND"\nrounding = { places = 1, mode = "down" }',
            )
        ),
        [
            (
                K.RULESET_CHANGED,
                "rounding",
                {"places": 2, "mode": "half_up"},
                {"places": 1, "mode": "down"},
            )
        ],
        id="rounding",
    ),
]


@pytest.mark.parametrize(("a", "b", "expected"), CASES)
def test_each_kind_of_change(
    a: str, b: str, expected: list[tuple[ChangeKind, str, JsonValue, JsonValue]]
) -> None:
    """Each kind of edit is reported as exactly the changes it makes, old and new values plain."""
    assert expected == changes(a, b)


def test_every_kind_is_exercised() -> None:
    """The table of cases covers every :class:`ChangeKind`, so none is left untested."""
    seen = {change[0] for case in CASES for change in case.values[2]}  # type: ignore[union-attr]
    assert set(ChangeKind) == seen


def test_moved_node_is_removed_and_added() -> None:
    """A node given another code is the old code removed and the new one added."""
    moved = variant(('[criteria."1.2"]', '[criteria."1.3"]'))
    node = {**EXTRA_NODE_DICT, "name": "Kiểm tra", "max": "6", "rule": CHECK_DONE}
    assert [(K.REMOVED, "1.2", node, None), (K.ADDED, "1.3", None, node)] == changes(BASE, moved)


def test_removed_subtree_reports_every_node() -> None:
    """Removing a field reports each of its nodes, parent first."""
    two_fields = variant(
        ("max = 10\nbasis", "max = 12\nbasis"),
        add='[criteria."2"]\nname = "Hai"\nmax = 2\n'
        '[criteria."2.1"]\nname = "Hai một"\nmax = 2\nrule = { kind = "manual" }\n',
    )
    assert [
        (K.RULESET_CHANGED, "max", "12", "10"),
        (K.REMOVED, "2", "Hai", None),
        (K.REMOVED, "2.1", "Hai một", None),
    ] == [
        (kind, code, old["name"] if isinstance(old, dict) else old, new)
        for kind, code, old, new in changes(two_fields, BASE)
    ]


def test_changes_are_in_decree_order() -> None:
    """Header first, then criteria in decree order (1.9 before 1.10), then inputs, constraints."""
    nine_ten = """\
[ruleset]
id = "mau/2023/xa"
title = "Mẫu"
level = "xa"
year = 2023
max = 10
[inputs.b_input]
type = "count"
label = "B"
[inputs.a_input]
type = "count"
label = "A"
[criteria."1"]
name = "Một"
max = 10
[criteria."1.10"]
name = "Mười"
max = 4
rule = { kind = "manual" }
[criteria."1.9"]
name = "Chín"
max = 6
rule = { kind = "manual" }
"""
    swapped = (
        variant(
            ("max = 4\n", "max = 3\n"),
            ("max = 6\n", "max = 7\n"),
            ('title = "Mẫu"', 'title = "Mẫu mới"'),
            ('label = "A"', 'label = "AA"'),
            ('label = "B"', 'label = "BB"'),
            text=nine_ten,
        )
        + '[constraints.a_within_b]\nexpr = "a_input <= b_input"\n'
    )
    assert [
        (K.RULESET_CHANGED, "title"),
        (K.REWEIGHTED, "1.9"),
        (K.REWEIGHTED, "1.10"),
        (K.INPUT_CHANGED, "a_input"),
        (K.INPUT_CHANGED, "b_input"),
        (K.CONSTRAINT_ADDED, "a_within_b"),
    ] == [(kind, code) for kind, code, *_ in changes(nine_ten, swapped)]


def test_one_node_can_change_in_several_ways() -> None:
    """Renamed, re-weighted and given an office at once: one change each, in kind order."""
    edited = variant(
        ("max = 10\nbasis", "max = 9\nbasis"),
        ("max = 10\n\n", "max = 9\n\n"),
        (
            'name = "Kiểm tra"\nmax = 6',
            'name = "Kiểm tra lại"\nmax = 5\nresponsible = "Phòng Nội vụ"',
        ),
    )
    assert [
        (K.RULESET_CHANGED, "max"),
        (K.REWEIGHTED, "1"),
        (K.RENAMED, "1.2"),
        (K.REWEIGHTED, "1.2"),
        (K.RESPONSIBLE_CHANGED, "1.2"),
    ] == [(kind, code) for kind, code, *_ in changes(BASE, edited)]


@frozen(kw_only=True)
class Flat(Rule):
    """A province's own kind for the test: always the same points."""

    name: ClassVar[str] = "flat_for_diff_test"

    points: Decimal

    @classmethod
    def parse(cls, spec: RuleSpec) -> Flat | None:
        spec.allow("points")
        points = spec.decimal("points", at_most_max=True)
        return None if points is None else cls(points=points)

    @property
    def names(self) -> frozenset[str]:
        return frozenset()

    def score(self, ctx: ScoringContext) -> Score:
        return Score(self.points)


def test_a_registered_kind_is_compared_by_its_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind the library does not know is compared through its attrs fields, with no code of its own."""  # noqa: E501
    monkeypatch.setitem(KINDS, Flat.name, Flat)
    before = variant(
        ('{ kind = "check", input = "done" }', f'{{ kind = "{Flat.name}", points = 6 }}')
    )
    after = before.replace("points = 6 }", "points = 5.0 }")
    rule = {"kind": Flat.name, "points": "6"}
    assert rule == rule_dict(Flat(points=Decimal("6.00")))
    assert [(K.RULE_CHANGED, "1.2", rule, {**rule, "points": "5"})] == changes(before, after)


def test_diff_refuses_what_is_not_a_rule_set() -> None:
    """Anything but two rule sets is a :class:`cchc_index.RulesetError`, naming the side."""
    rs = cc.loads_ruleset(BASE)
    with pytest.raises(cc.RulesetError) as info:
        diff(rs, "mau/2023/xa")  # type: ignore[arg-type]
    assert "diff() compares two rule sets; b is a str" == info.value.problems[0].en


# -- the Đắk Nông rules against a child that extends them ------------------------------------


@pytest.fixture(scope="module")
def dak_nong() -> RulesetDiff:
    """The 2022 Đắk Nông district rules against the fixture child that revises them."""
    return diff(
        cc.load_ruleset("dak-nong/2022/huyen"), cc.load_ruleset(FIXTURES / "diff" / "dak-nong-2023")
    )


def _bands(middle: str) -> dict[str, JsonValue]:
    return {
        "kind": "bands",
        "source": {"metric": "div(files_on_time, files_resolved, 1)"},
        "bands": [
            {"interval": "[0.95, +∞)", "points": "4"},
            {"interval": f"[{middle}, 0.95)", "points": "2"},
            {"interval": f"(-∞, {middle})", "points": "0"},
        ],
    }


def test_dak_nong_child_reports_exactly_its_edits(dak_nong: RulesetDiff) -> None:
    """Year, field 1 renamed, 3.4.2 removed with 3.4's max fixed, two leaves re-weighted, a band."""
    apology = {
        "name": "Xin lỗi bằng văn bản khi giải quyết hồ sơ quá hạn, sai sót",
        "name_en": "Written apologies for late or faulty files",
        "max": "2",
        "responsible": "Văn phòng HĐND&UBND huyện",
        "due": None,
        "assessor": "self",
        "not_applicable": "full",
        "not_applicable_when": None,
        "rescale_scope": False,
        "rule": {
            "kind": "check",
            "source": {"input": "apologised_all_late_files"},
            "points": None,
            "expect": True,
        },
    }
    field_1_en = "Direction and management of administrative reform"
    assert [
        (K.RULESET_CHANGED, "year", 2022, 2023),
        (
            K.RENAMED,
            "1",
            {"name": "Công tác chỉ đạo điều hành", "name_en": field_1_en},
            {"name": "Công tác chỉ đạo, điều hành cải cách hành chính", "name_en": field_1_en},
        ),
        (K.REWEIGHTED, "3.4", "8.5", "6.5"),
        (K.RULE_CHANGED, "3.4.1", _bands("0.85"), _bands("0.8")),
        (K.REMOVED, "3.4.2", apology, None),
        (K.REWEIGHTED, "3.5", "1", "2"),
        (K.REWEIGHTED, "3.6", "7.5", "8.5"),
    ] == [(c.kind, c.code, c.old, c.new) for c in dak_nong.changes]
    assert ("dak-nong/2022/huyen", "dak-nong/2023/huyen") == (dak_nong.a, dak_nong.b)


def test_dak_nong_against_itself_is_unchanged() -> None:
    """The bundled rule set loaded twice has no change."""
    a, b = cc.load_ruleset("dak-nong/2022/huyen"), cc.load_ruleset("dak-nong/2022/huyen")
    assert not diff(a, b)


def test_to_dict_is_json(dak_nong: RulesetDiff) -> None:
    """``to_dict()`` survives a JSON round trip unchanged and keeps every field of a change."""
    data = dak_nong.to_dict()
    assert data == json.loads(json.dumps(data, ensure_ascii=False))
    assert {
        "kind": "reweighted",
        "code": "3.4",
        "old": "8.5",
        "new": "6.5",
        "en": "criterion 3.4 re-weighted: 8.5 → 6.5",
        "vi": "tiêu chí 3.4 đổi điểm tối đa: 8,5 → 6,5",
    } == data["changes"][2]  # type: ignore[index]
    assert ("dak-nong/2022/huyen", "dak-nong/2023/huyen", 7) == (
        data["a"],
        data["b"],
        len(data["changes"]),  # type: ignore[arg-type]
    )


def test_messages_in_both_languages(dak_nong: RulesetDiff) -> None:
    """Each change says what changed in Vietnamese (the default) and English."""
    removed = dak_nong.changes[4]
    assert (
        "tiêu chí 3.4.2 bị bỏ: «Xin lỗi bằng văn bản khi giải quyết hồ sơ quá hạn, sai sót» "
        "(tối đa 2 điểm)",
        "criterion 3.4.2 removed: «Written apologies for late or faulty files» (max 2)",
        removed.vi,
    ) == (removed.message(), removed.message("en"), removed.message("vi-VN"))
    assert (
        "bộ tiêu chí: year (năm) thay đổi: 2022 → 2023 / rule set: year changed: 2022 → 2023"
        == (str(dak_nong.changes[0]))
    )


def test_render_vi(dak_nong: RulesetDiff) -> None:
    """The text rendering groups the changes, marks them, and writes numbers the Vietnamese way."""
    expected = """\
dak-nong/2022/huyen → dak-nong/2023/huyen: 7 thay đổi
Bộ tiêu chí:
  ~ year (năm) thay đổi: 2022 → 2023
Tiêu chí:
  ~ 1 đổi tên: «Công tác chỉ đạo điều hành» → «Công tác chỉ đạo, điều hành cải cách hành chính»
  ~ 3.4 đổi điểm tối đa: 8,5 → 6,5
  ~ 3.4.1 đổi cách chấm: bands: [[0.95, +∞): 4; [0.85, 0.95): 2; (-∞, 0.85): 0] → [[0.95, +∞): 4; [0.8, 0.95): 2; (-∞, 0.8): 0]
  - 3.4.2 bị bỏ: «Xin lỗi bằng văn bản khi giải quyết hồ sơ quá hạn, sai sót» (tối đa 2 điểm)
  ~ 3.5 đổi điểm tối đa: 1 → 2
  ~ 3.6 đổi điểm tối đa: 7,5 → 8,5
"""  # noqa: E501
    assert expected == render_diff(dak_nong)


def test_render_en(dak_nong: RulesetDiff) -> None:
    """In English, node names are the English ones where the rule set gives them."""
    expected = """\
dak-nong/2022/huyen → dak-nong/2023/huyen: 7 changes
Rule set:
  ~ year changed: 2022 → 2023
Criteria:
  ~ 1 renamed: «Công tác chỉ đạo điều hành» → «Công tác chỉ đạo, điều hành cải cách hành chính»
  ~ 3.4 re-weighted: 8.5 → 6.5
  ~ 3.4.1 rule changed: bands: [[0.95, +∞): 4; [0.85, 0.95): 2; (-∞, 0.85): 0] → [[0.95, +∞): 4; [0.8, 0.95): 2; (-∞, 0.8): 0]
  - 3.4.2 removed: «Written apologies for late or faulty files» (max 2)
  ~ 3.5 re-weighted: 1 → 2
  ~ 3.6 re-weighted: 7.5 → 8.5
"""  # noqa: E501
    assert expected == render_diff(dak_nong, locale="en")


def test_render_no_change() -> None:
    """An empty diff says so in one line."""
    rs = cc.loads_ruleset(BASE)
    assert (
        "mau/2023/xa → mau/2023/xa: không có thay đổi\n",
        "mau/2023/xa → mau/2023/xa: no changes\n",
    ) == (render_diff(diff(rs, rs)), render_diff(diff(rs, rs), locale="en"))


def test_render_every_section() -> None:
    """Inputs and constraints get their own groups; added lines start with +, removed with -."""
    edited = variant(
        ('[inputs.spare]\ntype = "percent"\nlabel = "Chưa dùng"\n', ""),
        ('due = "30/11"', "due = 2023-12-15"),
        ("max = 6\n", 'max = 6\nassessor = "province"\nnot_applicable = "rescale"\n'),
        ('title = "Bộ mẫu"', 'title = "Bộ mẫu 2"'),
        (
            '"files_on_time <= files_resolved"\n',
            '"files_on_time <= files_resolved"\nmessage = "sai"\n',
        ),
        add='[inputs.ratio]\ntype = "ratio"\nlabel = "Tỷ lệ"\nlabel_en = "Rate"\n'
        '[constraints.ratio_half]\nexpr = "ratio <= 0.5"\n',
    )
    found = diff(cc.loads_ruleset(BASE), cc.loads_ruleset(edited))
    assert """\
mau/2023/xa → mau/2023/xa: 8 changes
Rule set:
  ~ title changed: «Bộ mẫu» → «Bộ mẫu 2»
Criteria:
  ~ 1.1 due date changed: 30/11 → 2023-12-15
  ~ 1.2 assessor changed: self → province
  ~ 1.2 not-applicable policy changed: full → rescale
Inputs:
  + ratio added: ratio, «Rate»
  - spare removed: percent, «Chưa dùng»
Constraints:
  ~ on_time_within_resolved changed: message: none → sai
  + ratio_half added: ratio <= 0.5
""" == render_diff(found, locale="en")
    assert """\
mau/2023/xa → mau/2023/xa: 8 thay đổi
Bộ tiêu chí:
  ~ title (tên) thay đổi: «Bộ mẫu» → «Bộ mẫu 2»
Tiêu chí:
  ~ 1.1 đổi thời hạn: 30/11 → 15/12/2023
  ~ 1.2 đổi cấp đánh giá: tự đánh giá → tỉnh đánh giá
  ~ 1.2 đổi cách tính khi không áp dụng: đủ điểm (không phát sinh) → chia lại cho tiêu chí khác (không được giao)
Đầu vào:
  + ratio được thêm: ratio, «Tỷ lệ»
  - spare bị bỏ: percent, «Chưa dùng»
Ràng buộc:
  ~ on_time_within_resolved thay đổi: message: không có → sai
  + ratio_half được thêm: ratio <= 0.5
""" == render_diff(found)  # noqa: E501


def test_render_header_values() -> None:
    """Bases and rounding are written out; one change is written in the singular."""
    edited = variant(
        (
            'basis = "12/QĐ-UBND"',
            'basis = { decision = "34/QĐ-UBND", date = 2024-01-05 }\nrounding = { places = 1 }',
        ),
    )
    found = diff(cc.loads_ruleset(BASE), cc.loads_ruleset(edited))
    assert [
        "rule set: basis changed: 12/QĐ-UBND → 34/QĐ-UBND, 05/01/2024",
        "rule set: rounding changed: places 2, half_up → places 1, half_up",
    ] == [c.en for c in found]
    assert [
        "bộ tiêu chí: basis (căn cứ) thay đổi: 12/QĐ-UBND → 34/QĐ-UBND, 05/01/2024",
        "bộ tiêu chí: rounding (làm tròn) thay đổi: 2 chữ số thập phân, half_up → "
        "1 chữ số thập phân, half_up",
    ] == [c.vi for c in found]
    renamed = variant(('name = "Kiểm tra"', 'name = "Kiểm tra CCHC"'))
    one = diff(cc.loads_ruleset(BASE), cc.loads_ruleset(renamed))
    assert "mau/2023/xa → mau/2023/xa: 1 change" == render_diff(one, locale="en").splitlines()[0]
