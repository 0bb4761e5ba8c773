"""Case-file loading: strict types, located Chinese errors, did-you-mean, duplicate keys, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkrules.caseio import iter_jsonl, load_case
from gkrules.cli import cli
from gkrules.errors import InputError

GOOD = """\
id: T-1
agency: 福州市鼓楼区审计局
received: 2020-05-06
channel: online
applicant:
  name: 张某
  type: natural_person
request: 申请公开2019年度区本级预算执行审计报告
items:
  - text: 2019年度区本级预算执行审计报告
    facts:
      third_party_rights: false
"""


def _write(tmp_path: Path, text: str, name: str = "case.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_case_loads(tmp_path):
    case = load_case(_write(tmp_path, GOOD))
    assert case.id == "T-1" and case.items[0].facts.third_party_rights is False


def test_misspelt_key_names_line_column_and_nearest_key(tmp_path):
    path = _write(tmp_path, GOOD.replace("third_party_rights: false", "third_party_rigts: true"))
    with pytest.raises(InputError) as info:
        load_case(path)
    err = info.value
    assert err.line == 12 and err.column == 7
    assert err.field == "items[0].facts.third_party_rigts"
    assert err.suggestion == "third_party_rights"
    assert f"{path}:12:7" in str(err) and "未知字段" in str(err)


def test_string_yes_is_not_a_boolean(tmp_path):
    path = _write(tmp_path, GOOD.replace("third_party_rights: false", 'third_party_rights: "yes"'))
    with pytest.raises(InputError) as info:
        load_case(path)
    assert info.value.line == 12 and info.value.field == "items[0].facts.third_party_rights"


@pytest.mark.parametrize("value", ["yes", "1", "on"])
def test_yaml_11_booleans_are_not_booleans(tmp_path, value):
    path = _write(tmp_path, GOOD.replace("third_party_rights: false", f"third_party_rights: {value}"))
    with pytest.raises(InputError):
        load_case(path)


def test_duplicate_key_is_refused_with_its_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("channel: online\n", "channel: online\nchannel: post\n"))
    with pytest.raises(InputError) as info:
        load_case(path)
    assert info.value.line == 5 and "重复" in info.value.message


@pytest.mark.parametrize(
    "key",
    [
        "? [a, b]\n: 1\n",  # a sequence as a key
        "? - text: 某报告\n: 1\n",  # a sequence of mappings, which cannot even be a Python key
        "? {a: 1}\n: 1\n",
    ],
)
def test_a_mapping_or_sequence_as_a_key_is_refused_with_its_line(tmp_path, key):
    path = _write(tmp_path, GOOD.replace("channel: online\n", "channel: online\n" + key))
    with pytest.raises(InputError) as info:
        load_case(path)
    assert (info.value.line, info.value.column) == (5, 3)
    assert "键只能是文字或数字" in info.value.message


@pytest.mark.parametrize(
    "old,new,field",
    [
        ("received: 2020-05-06", "received: 2020/05/06", "received"),
        ("received: 2020-05-06", "received: 2020-02-30", "received"),
        ("type: natural_person", "type: person", "applicant.type"),
        ("agency: 福州市鼓楼区审计局\n", "", "agency"),
    ],
)
def test_bad_values_name_their_field(tmp_path, old, new, field):
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as info:
        load_case(path)
    assert info.value.field == field


def test_empty_items_is_an_error(tmp_path):
    text = GOOD.split("items:")[0] + "items: []\n"
    with pytest.raises(InputError) as info:
        load_case(_write(tmp_path, text))
    assert info.value.field == "items"


def test_jsonl_reports_bad_lines_and_goes_on():
    good = json.dumps(
        {
            "id": "J1",
            "agency": "某局",
            "received": "2021-03-01",
            "applicant": {"name": "李某", "type": "other_org"},
            "request": "申请",
            "items": [{"text": "x"}],
        },
        ensure_ascii=False,
    )
    bad = good.replace('"other_org"', '"orgg"')
    results = list(iter_jsonl(iter([good, "{not json", "", bad, good]), "batch.jsonl"))
    assert [n for n, _ in results] == [1, 2, 4, 5]
    kinds = [isinstance(r, InputError) for _, r in results]
    assert kinds == [False, True, True, False]
    assert results[2][1].line == 4 and results[2][1].field == "applicant.type"


def test_cli_bad_case_exits_2_without_traceback(tmp_path):
    path = _write(tmp_path, GOOD.replace("third_party_rights: false", "third_party_rigts: true"))
    proc = subprocess.run(
        [sys.executable, "-m", "gkrules", "classify", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{path}:12:7" in proc.stderr and "third_party_rights" in proc.stderr


def test_cli_classify_json_contract(tmp_path):
    path = _write(tmp_path, GOOD.replace("third_party_rights: false", "third_party_rights: true"))
    result = CliRunner().invoke(cli, ["classify", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "T-1"
    assert data["category"] == "refused/third_party"
    assert {"id": "GK-C-006", "article": "条例第十五条；条例第三十二条"} in [
        {"id": r["id"], "article": r["article"]} for r in data["rules"]
    ]


def test_cli_explain_shows_losing_rules(tmp_path):
    text = GOOD.replace("third_party_rights: false", "third_party_rights: true\n      state_secret: true")
    path = _write(tmp_path, text)
    result = CliRunner().invoke(cli, ["explain", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    item = record["items"][0]
    assert item["winner"] == "GK-C-003"
    assert {b["id"] for b in item["beaten"]} == {"GK-C-006", "GK-C-011"}
    assert all(b["lost_to"] == "GK-C-003" for b in item["beaten"])
    text_out = CliRunner().invoke(cli, ["explain", str(path)]).output
    assert "让位于 GK-C-003" in text_out


def test_committed_json_schema_has_not_drifted(root):
    from gkrules.models import Case

    committed = json.loads((root / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert committed == Case.model_json_schema(), "运行 gkrules schema > schema/case.schema.json 更新"
