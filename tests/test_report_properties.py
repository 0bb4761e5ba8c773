"""Property tests: corrections of an unbalanced table, and the carry-over between years."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from gkrules import report as rep
from gkrules.report.crossyear import YearTable, check_carry_over

NCOLS = rep.NCOLS


_FORMS = st.sampled_from(rep.FORMS)
#: a column's free cells, one byte each: the results (一) to (六), 四, then 二
_COLUMNS = {
    form: st.binary(min_size=len(rep.result_keys(form)) + 2, max_size=len(rep.result_keys(form)) + 2)
    for form in rep.FORMS
}


def _scaled(byte: int, top: int) -> int:
    """0 to ``top``, about evenly, growing with the byte (so that a shrunk byte gives a smaller value)."""
    return byte * (top + 1) // 256


@st.composite
def balanced_tables(draw, form=None):
    """A table that satisfies every balance, built from its free cells: results and 四 (0 to 40 each), and
    二 (at most what the column handles) per column.

    A column is drawn as one string of bytes, a byte a cell: Hypothesis spends as much on each draw as on
    the test of an example, and a table has 138 free cells."""
    form = form or draw(_FORMS)
    results = rep.result_keys(form)
    values = {k: [0] * NCOLS for k in (r.key for r in rep.ROWS[form])}
    for j in range(NCOLS - 1):
        cells = draw(_COLUMNS[form])
        for k, byte in zip(results, cells):
            values[k][j] = _scaled(byte, 40)
        values["next_year"][j] = _scaled(cells[-2], 40)
        total = sum(values[k][j] for k in results)
        values["total"][j] = total
        values["carried"][j] = _scaled(cells[-1], total + values["next_year"][j])
        values["new"][j] = total + values["next_year"][j] - values["carried"][j]
    for row in values.values():
        row[NCOLS - 1] = sum(row[: NCOLS - 1])
    table = rep.Table(form, None, values)
    assert rep.check_values(table) == []
    return table


def _copy(table: rep.Table) -> rep.Table:
    return rep.Table(table.form, table.year, {k: list(v) for k, v in table.values.items()})


@given(balanced_tables(), st.data())
def test_one_broken_cell_is_named_with_its_true_value(table, data):
    keys = [r.key for r in table.rows]
    key = data.draw(st.sampled_from(keys))
    j = data.draw(st.integers(0, NCOLS - 1))
    original = table.values[key][j]
    broken = data.draw(st.integers(0, 200).filter(lambda x: x != original))
    bad = _copy(table)
    bad.values[key][j] = broken
    (finding,) = rep.check_values(bad)
    labels = {r.key: r.label for r in table.rows}
    assert (finding.row, finding.column) == (labels[key], rep.HEADERS[j])
    assert (finding.found, finding.expected) == (broken, original)
    bad.values[key][j] = finding.expected  # the suggested value satisfies every balance
    assert rep.check_values(bad) == []


@given(balanced_tables(), st.data())
def test_two_errors_in_the_result_rows_are_placed_there(table, data):
    """Two rows of (一)…(六) wrong in one column (each row's 总计 carried along): no single cell is suggested."""
    results = list(rep.result_keys(table.form))
    a, b = data.draw(st.lists(st.sampled_from(results), min_size=2, max_size=2, unique=True))
    j = data.draw(st.integers(0, NCOLS - 2))
    da, db = data.draw(st.integers(1, 30)), data.draw(st.integers(1, 30))
    bad = _copy(table)
    for key, d in ((a, da), (b, db)):
        bad.values[key][j] += d
        bad.values[key][NCOLS - 1] += d
    findings = rep.check_values(bad)
    assert all(f.expected is None for f in findings)
    for column in (rep.HEADERS[j], rep.HEADERS[-1]):
        (f,) = [f for f in findings if f.column == column]
        parts = sum(bad.values[k][rep.HEADERS.index(column)] for k in results)
        assert f"(一) 至 (六) 各行之和为 {parts}" in f.message and "错误在 (一) 至 (六) 各行" in f.message


@given(balanced_tables(), st.data())
def test_a_wrong_total_row_or_flow_rows_are_told_apart(table, data):
    """(七) wrong in a column and in its 总计 → the (七) row; 一 wrong likewise → the rows 一、二、四."""
    j = data.draw(st.integers(0, NCOLS - 2))
    d = data.draw(st.integers(1, 30))
    where = data.draw(st.sampled_from(["total", "new"]))
    bad = _copy(table)
    bad.values[where][j] += d
    bad.values[where][NCOLS - 1] += d
    findings = rep.check_values(bad)
    assert findings and all(f.expected is None for f in findings)
    column = [f for f in findings if f.column == rep.HEADERS[j]]
    assert len(column) == 1
    if where == "total":
        assert "错误在 (七) 总计" in column[0].message
    else:
        assert "错误在 一、二、四 各行" in column[0].message


@given(balanced_tables(), st.data())
def test_blank_cells_never_cause_findings_and_suggestions_still_satisfy_every_checked_balance(table, data):
    cells = [(r.key, j) for r in table.rows for j in range(NCOLS)]
    blanks = data.draw(st.lists(st.sampled_from(cells), max_size=6, unique=True))
    bad = _copy(table)
    for key, j in blanks:
        bad.values[key][j] = None
    assert rep.check_values(bad) == []
    key, j = data.draw(st.sampled_from([c for c in cells if c not in blanks]))
    bad.values[key][j] += data.draw(st.integers(1, 50))
    for f in rep.check_values(bad):
        if f.expected is not None:
            fixed = _copy(bad)
            row = next(r.key for r in bad.rows if r.label == f.row)
            fixed.values[row][rep.HEADERS.index(f.column)] = f.expected
            assert rep.check_values(fixed) == []


@st.composite
def report_chains(draw):
    """Reports of one agency for consecutive years, each year's 二 equal to the year before's 四."""
    n = draw(st.integers(2, 4))
    first = draw(st.integers(2019, 2024))
    tables = [draw(balanced_tables())]
    for _ in range(n - 1):
        t = draw(balanced_tables())
        prev = tables[-1].values["next_year"]
        for j in range(NCOLS):  # carry the previous year's 四 in, keeping the balance (一 absorbs the difference)
            shift = prev[j] - t.values["carried"][j]
            t.values["carried"][j] = prev[j]
            t.values["new"][j] -= shift
            if t.values["new"][j] < 0:
                t.values["next_year"][j] -= t.values["new"][j]
                t.values["new"][j] = 0
        # keep 总计 = sum of parts for the rows touched, then the 总计 column
        for key in ("carried", "new", "next_year"):
            t.values[key][NCOLS - 1] = sum(t.values[key][: NCOLS - 1])
        assume(rep.check_values(t) == [])
        tables.append(t)
    names = ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    return [YearTable(names[i % 2], first + i, t, f"r{first + i}.pdf") for i, t in enumerate(tables)]


@given(report_chains())
def test_consistent_years_have_no_carry_over_mismatch(chain):
    assert check_carry_over(chain) == []


@given(report_chains(), st.data())
def test_a_broken_carry_over_is_reported_with_both_files(chain, data):
    i = data.draw(st.integers(0, len(chain) - 2))
    j = data.draw(st.integers(0, NCOLS - 2))
    d = data.draw(st.integers(1, 20))
    t = chain[i].table
    for key in ("next_year", "new"):  # year i still balances, but its 四 no longer meets year i+1's 二
        t.values[key][j] += d
        t.values[key][NCOLS - 1] += d
    assert rep.check_values(t) == []
    other = YearTable("淮安市人民政府", chain[i + 1].year, chain[i + 1].table, "other-agency.pdf")
    mismatches = check_carry_over([*chain, other])
    assert {(m.year, m.column) for m in mismatches} == {(chain[i].year, rep.HEADERS[j]), (chain[i].year, "总计")}
    for m in mismatches:
        assert (m.file, m.next_file) == (chain[i].file, chain[i + 1].file)
        assert m.carried_out - m.carried_in == d
        assert m.file in m.message and m.next_file in m.message


@st.composite
def printed_labels(draw):
    """An official row as some agency prints it: numbering style, bracket width, stray spaces, group cell or not."""
    form = draw(st.sampled_from(rep.FORMS))
    row = draw(st.sampled_from(rep.ROWS[form]))
    top, roman, number = row.numbering
    from gkrules.report.labels import official_text

    words = official_text(row)
    words = words.replace("(", draw(st.sampled_from(["(", "（"]))).replace(")", draw(st.sampled_from([")", "）"])))

    def spaced(text):
        """A stray space after a character one time in ten (a byte a character, drawn at once)."""
        after = draw(st.binary(min_size=len(text), max_size=len(text)))
        return "".join(ch + (" " if byte < 26 else "") for ch, byte in zip(text, after))

    cells = []
    if top in "一二四" and not roman:
        cells.append(top + draw(st.sampled_from(["、", "、 ", " 、"])) + spaced(words))
        return row.key, cells, None
    left, right = draw(st.sampled_from([("(", ")"), ("（", "）")]))
    if number is None:
        cells.append(f"{left}{roman}{right}" + spaced(words))
        return row.key, cells, None
    group = next(r for r in rep.ROWS[form] if r.numbering[1] == roman and r.cells[1]).cells[1]
    if draw(st.booleans()):  # the rowspan cell printed on this row too
        cells.append(group.replace("(", left).replace(")", right))
    style = draw(st.sampled_from(["{n}.", "{n}、", "{n}．", "（{n}）", "({n})", "{n}. "]))
    cells.append(style.format(n=number) + spaced(words))
    return row.key, cells, roman


@given(printed_labels())
def test_any_printing_style_of_an_official_label_finds_its_row_without_a_warning(case):
    from gkrules.report.labels import match_label, parse_label

    key, cells, context = case
    match = match_label(parse_label(cells), context)
    assert match is not None and match.row.key == key, cells
    assert not match.differs, cells
