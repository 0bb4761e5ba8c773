"""YAML loading: the plain documents built straight from the parser's nodes give what ruamel.yaml's
round-trip loader gives (values, their types, every key's line and column), and every other document and
every error is the round-trip loader's own; a text parsed again gives its document again."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkrules import yamlio
from gkrules.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def _outcome(text: str):
    yamlio._PARSED.clear()  # parsed now, not remembered from an earlier test
    try:
        data, pos = yamlio.loads(text, "f.yml")
    except InputError as exc:
        return ("error", exc.message, exc.line, exc.column, exc.field)
    return ("loaded", _typed(data), sorted((repr(_typed(k)), v) for k, v in pos._at.items()))


def _typed(value):
    """The value with the type of each part (a date is not its string, 1 is not True, a ruamel.yaml
    scalar type is not the plain one); keys are the loader's objects, compared by what they show."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _round_trip_outcome(text: str, monkeypatch) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(yamlio, "_load", yamlio._round_trip)
        return _outcome(text)


def _repository_files() -> list[Path]:
    files = sorted(p for d in ("rules", "cases", "profiles", "calendar", "tests") for p in (ROOT / d).rglob("*.yml"))
    return files[::12]  # every kind of file the package reads, a dozen apart


@pytest.mark.parametrize("path", _repository_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_repository_file_is_built_from_the_nodes_as_the_round_trip_loader_builds_it(path, monkeypatch):
    text = path.read_text(encoding="utf-8-sig")
    expected = _round_trip_outcome(text, monkeypatch)
    with monkeypatch.context() as m:

        def not_this_way(text):
            raise AssertionError("a plain document loaded by the round-trip loader")

        m.setattr(yamlio, "_round_trip", not_this_way)
        got = _outcome(text)
    assert got == expected


DOCUMENTS = {
    "scalars of every type": (
        "a: 1\nb: -0x1F\nc: 0o17\nd: 1_000\ne: 1.5e3\nf: .inf\ng: true\nh: ~\ni: 2020-05-06\n"
        "j: 2020-05-06T10:00:00+08:00\nk: 2020-02-30\nl: 'x'\nm: \"y\\u4e2d\"\nn: yes\no: 0.0\n"
    ),
    "keys of every type": "true: a\n1: b\n1.5: c\nnull: d\n2020-01-01: e\n'q': f\n",
    "block scalars": "a: |\n  x\n  y\nb: >-\n  p\n  q\nc: |+\n  z\n\n",
    "flow collections and comments": "# top\na: [1, {b: 2}, [3]]  # after\nc: {d: [e, f], g: h}\n# end\n",
    "nested sequences": "- - a\n  - b\n- c: d\n  e:\n    - f\n",
    "a sequence at the top": "- a\n- 1\n- {b: c}\n",
    "a scalar at the top": "just text\n",
    "empty": "",
    "comments only": "# nothing\n",
    "an anchor without alias": "a: &x 1\nb: 2\n",
    "explicit tags on scalars": "a: !!str 12\nb: !!int '7'\nc: !foo bar\n",
    "a tag on a mapping": "a: !foo {b: 1}\n",
    "a set": "a: !!set {x, y}\n",
    "a merge key": "<<: {a: 1}\nb: 2\n",
    "a duplicate key": "a: 1\nb:\n  c: 2\n  c: 3\n",
    "a duplicate key after a merge": "<<: {a: 1}\na: 2\na: 3\n",
    "an alias": "a: &x 1\nb: *x\n",
    "a long integer": "a: " + "9" * 150 + "\n",
    "deep nesting": "a: " + "[" * 60 + "]" * 60 + "\n",
    "a mapping as a key": "? {a: 1}\n: 2\n",
    "a colon where a key cannot be": "a:\n  b: 1\n c: 2: 3\n",
    "a value after a flow sequence": 'a: "x"b: 1\n',
    "a tab": "a:\n\t- b\n",
    "an unclosed quote": "a: 'x\nb: 1\n",
    "an unclosed bracket": "a: [1, 2\nb: 3\n",
    "bad indentation": "a: 1\n  b: 2\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a reserved character": "a: @x\n",
    "a YAML 1.1 directive": "%YAML 1.1\n---\na: yes\n",
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_document_loads_or_fails_as_with_the_round_trip_loader(text, monkeypatch):
    assert _outcome(text) == _round_trip_outcome(text, monkeypatch)


def test_values_and_positions_by_hand():
    data, pos = yamlio.loads("id: T-1\nitems:\n  - text: 某报告\n    facts: {not_held: true}\n", "f.yml")
    assert data == {"id": "T-1", "items": [{"text": "某报告", "facts": {"not_held": True}}]}
    assert type(data["items"][0]["facts"]["not_held"]) is bool
    assert pos.find(("items", 0, "facts", "not_held")) == (4, 13)
    assert pos.find(("items", 0, "text")) == (3, 5)
    assert pos.find(("items", 0)) == (3, 5)
    assert pos.find(("items",)) == (2, 1)
    assert pos.find(()) == (1, 1)


def test_a_duplicate_key_is_named_with_its_line():
    with pytest.raises(InputError) as info:
        yamlio.loads("a: 1\nb:\n  c: 2\n  c: 3\n", "f.yml")
    assert (info.value.line, info.value.column, info.value.field) == (4, 3, "c")


def test_a_colon_where_a_key_cannot_be_is_placed_at_the_colon():
    with pytest.raises(InputError) as info:
        yamlio.loads("a:\n  b: 1\n  c: 2: 3\n", "f.yml")
    assert (info.value.line, info.value.column) == (3, 7)
    assert "这里不能出现“键: 值”" in info.value.message


def test_a_text_parsed_again_gives_the_same_document_which_its_caller_may_change(monkeypatch):
    text = "id: T-1\nitems:\n  - text: 某报告\n    facts: {not_held: true}\n"
    first, first_pos = yamlio.loads(text, "a.yml")
    first["items"][0]["facts"]["not_held"] = False
    first["items"].append("x")
    monkeypatch.setattr(yamlio, "_load", lambda text: pytest.fail("parsed again"))
    second, second_pos = yamlio.loads(text, "b.yml")
    assert second == {"id": "T-1", "items": [{"text": "某报告", "facts": {"not_held": True}}]}
    assert second_pos.find(("items", 0, "facts", "not_held")) == (4, 13)


def test_a_text_with_an_error_fails_each_time_with_its_file():
    for name in ("a.yml", "b.yml"):
        with pytest.raises(InputError) as info:
            yamlio.loads("a: 1\na: 2\n", name)
        assert (info.value.file, info.value.line) == (name, 2)


def test_the_texts_remembered_are_bounded(monkeypatch):
    monkeypatch.setattr(yamlio, "_PARSED", {})
    for i in range(yamlio._PARSED_ENTRIES + 10):
        yamlio.loads(f"n: {i}\n", "f.yml")
    assert len(yamlio._PARSED) == yamlio._PARSED_ENTRIES
    assert "n: 0\n" not in yamlio._PARSED and f"n: {yamlio._PARSED_ENTRIES + 9}\n" in yamlio._PARSED
    yamlio.loads("x: " + "y" * yamlio._PARSED_TEXT + "\n", "f.yml")  # a large text is not kept
    assert len(yamlio._PARSED) == yamlio._PARSED_ENTRIES
