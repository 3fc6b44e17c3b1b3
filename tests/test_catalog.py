"""Finding rule sets by id: bundled ones and those of installed rule packages."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import cchc_index as cc

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "rules/dak-nong/2022/huyen/ruleset.toml"


def install(site: Path, name: str, target: str, ruleset_id: str) -> Path:
    """A rule package on ``site``: module, dist-info with an entry point, one rule set."""
    package = site / name
    folder = package / "rules" / "somewhere" / "deep"
    folder.mkdir(parents=True)
    text = BUNDLED.read_text(encoding="utf-8")
    _, year, level = ruleset_id.split("/")
    text = text.replace('id = "dak-nong/2022/huyen"', f'id = "{ruleset_id}"')
    text = text.replace("year = 2022", f"year = {year}").replace(
        'level = "huyen"', f'level = "{level}"'
    )
    (folder / "ruleset.toml").write_text(text, encoding="utf-8")
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """\
            from importlib.resources import files
            from pathlib import Path

            PATH = Path(__file__).parent / "rules"
            TRAVERSABLE = files(__name__) / "rules"

            def folder():
                return PATH
            """
        ),
        encoding="utf-8",
    )
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[cchc_index.rulesets]\n{name} = {name}:{target}\n")
    return folder


@pytest.mark.parametrize("target", ["PATH", "TRAVERSABLE", "folder"])
def test_entry_point_rule_set_loads_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """A package's rule set is found by the id in its file, wherever it sits in the folder."""
    monkeypatch.syspath_prepend(str(tmp_path))
    name = f"cchc_rules_thu_{target.lower()}"  # one module name per case: imports are cached
    install(tmp_path, name, target, "thu/2024/xa")

    rs = cc.load_ruleset("thu/2024/xa")

    assert "thu/2024/xa" == rs.id
    infos = {info.id: info for info in cc.list_rulesets()}
    assert name == infos["thu/2024/xa"].origin
    assert "cchc_index" == infos["dak-nong/2022/huyen"].origin
    assert infos["dak-nong/2022/huyen"].basis is not None
    assert "1704/QĐ-UBND" in infos["dak-nong/2022/huyen"].basis


def test_clash_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package declaring a bundled id is a clash, named with both places."""
    monkeypatch.syspath_prepend(str(tmp_path))
    install(tmp_path, "cchc_rules_clash", "PATH", "dak-nong/2022/huyen")

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset("dak-nong/2022/huyen")
    with pytest.raises(cc.RulesetError):
        cc.list_rulesets()

    message = caught.value.problems[0].en
    assert "declared more than once" in message
    assert "cchc_index" in message
    assert "cchc_rules_clash" in message


def test_broken_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry point that cannot be loaded is a RulesetError naming the package."""
    monkeypatch.syspath_prepend(str(tmp_path))
    install(tmp_path, "cchc_rules_broken", "NOPE", "thu/2024/xa")

    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset("thu/2024/xa")

    assert "cchc_rules_broken" in caught.value.problems[0].en


def test_unknown_id_suggests() -> None:
    """An unknown id is a RulesetError suggesting the closest known one."""
    with pytest.raises(cc.RulesetError) as caught:
        cc.load_ruleset("dak-nong/2022/huyn")

    assert "did you mean 'dak-nong/2022/huyen'" in caught.value.problems[0].en


@pytest.mark.parametrize("source", [None, 5, b"dak-nong/2022/huyen"])
def test_wrong_type(source: object) -> None:
    """Something that is neither an id nor a path is a RulesetError."""
    with pytest.raises(cc.RulesetError):
        cc.load_ruleset(source)  # type: ignore[arg-type]


def test_by_path_file_or_folder(tmp_path: Path) -> None:
    """A path to the file or to its folder loads the same rule set."""
    shutil.copy(BUNDLED, tmp_path / "ruleset.toml")

    assert cc.load_ruleset(tmp_path) == cc.load_ruleset(tmp_path / "ruleset.toml")
