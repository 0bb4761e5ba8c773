"""Loading rule files: a misspelt key is located and the nearest key of the rule schema suggested."""

from __future__ import annotations

import shutil

import pytest

from gkrules.errors import RuleFileError
from gkrules.rulebook import load_rule


@pytest.mark.parametrize(
    "old,new,field,suggestion",
    [
        ("priority: 60", "prority: 60", "prority", "priority"),
        ("in_force: {from: 2019-05-15}", "in_force: {form: 2019-05-15}", "law[0].in_force.form", "from"),
        ("  all: [third_party_rights]", "  alll: [third_party_rights]", "when.alll", "all"),
    ],
)
def test_misspelt_rule_keys(tmp_path, root, old, new, field, suggestion):
    path = tmp_path / "GK-C-006.yml"
    shutil.copy(root / "rules" / "classify" / "GK-C-006.yml", path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule(path)
    err = info.value
    assert err.field == field and err.suggestion == suggestion and err.line is not None


def test_file_name_must_be_the_code(tmp_path, root):
    path = tmp_path / "GK-C-099.yml"
    shutil.copy(root / "rules" / "classify" / "GK-C-006.yml", path)
    with pytest.raises(RuleFileError) as info:
        load_rule(path)
    assert info.value.field == "code" and "GK-C-006.yml" in info.value.message
