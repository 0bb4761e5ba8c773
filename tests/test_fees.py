"""Information-processing fee (条例第四十二条, 国办函〔2020〕109号): edge values counted by hand."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from clirun import gkrules
from hypothesis import given
from hypothesis import strategies as st

from gkrules.errors import InputError
from gkrules.fees import (
    amount_facts,
    compute_fee,
    count_rate,
    fee_by_count,
    fee_by_volume,
    fee_charge_allowed,
    fee_facts,
    fee_rules_apply,
    month_fee_by_count,
)


@pytest.mark.parametrize(
    "request_number,fee",
    [
        (0, 0),
        (10, 0),  # 1st–10th free
        (11, 100),  # 11th–30th: 100元 each
        (30, 100),
        (31, 200),  # 31st–40th: 200元 — the 31st request costs 200元, not the month's 2,200元
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
    ],
)
def test_by_count_is_the_fee_of_this_application_109_art_3(request_number, fee):
    """国办函〔2020〕109号第三条、第四条: each application is charged by its own place in the month."""
    assert fee_by_count(request_number).total == fee


@pytest.mark.parametrize(
    "requests,total",
    [(0, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000)],
)
def test_month_running_sum(requests, total):
    """What requests 1…n cost together (20 × 100 + 1 × 200 = 2,200元 for 31), for reference only."""
    assert month_fee_by_count(requests).total == total


def test_fee_rules_apply_from_2021_01_01():
    """109号: 本办法自2021年1月1日起施行."""
    import datetime as dt

    assert not fee_rules_apply(dt.date(2020, 12, 31))
    assert fee_rules_apply(dt.date(2021, 1, 1))


def test_amount_of_this_application():
    assert amount_facts(31, None, 2200)["fee_amount_not_this_application"] is True
    assert amount_facts(31, None, 200)["fee_amount_not_this_application"] is False
    assert amount_facts(31, 101, 720)["fee_amount_not_this_application"] is False  # by volume
    assert amount_facts(None, None, 500)["fee_amount_not_this_application"] is False  # nothing to compare


@pytest.mark.parametrize(
    "n,pages,amount,method,wrong",
    [
        # 109号第四条: the 31st–40th requests of a month cost 200元 each, the 41st 300元 (counted by hand)
        (35, None, 100, "by_count", True),
        (35, None, 200, "by_count", False),
        (40, None, 200, "by_count", False),
        (41, None, 300, "by_count", False),
        (30, None, 100, "by_count", False),
        (31, None, 2200, "by_count", True),
        # 第五条: 40 pages by volume is 10 pages at 10元 = 100元
        (35, 40, 100, "by_volume", False),
        (35, 40, 200, "by_volume", True),
        (35, None, 100, "by_volume", False),  # pages not stated: nothing to compare
    ],
)
def test_amount_by_the_method_the_letter_uses(n, pages, amount, method, wrong):
    facts = amount_facts(n, pages, amount, method)
    assert facts["fee_amount_by_method_wrong"] is wrong
    assert facts["fee_amount_not_this_application"] is False


@pytest.mark.parametrize(
    "pages,total",
    [
        (0, 0),
        (30, 0),
        (31, 10),  # page 31 at 10元
        (100, 700),  # 70 × 10
        (101, 720),  # 70 × 10 + 1 × 20
        (200, 2700),  # 70 × 10 + 100 × 20
        (201, 2740),  # … + 1 × 40
        (250, 4700),  # 700 + 2000 + 50 × 40
    ],
)
def test_by_volume(pages, total):
    assert fee_by_volume(pages).total == total


@pytest.mark.parametrize(
    "requests,pages,allowed",
    [(10, 30, False), (11, 0, True), (0, 31, True), (10, 31, True), (0, 0, False)],
)
def test_fee_charge_allowed(requests, pages, allowed):
    assert fee_charge_allowed(requests, pages) is allowed


def test_rates_per_request():
    assert [count_rate(n) for n in (1, 10, 11, 30, 31, 40, 41, 50, 51)] == [0, 0, 100, 100, 200, 200, 300, 300, 400]


def test_breakdown_lines():
    lines = month_fee_by_count(35).lines
    assert [(l.first, l.last, l.count, l.rate, l.amount) for l in lines] == [
        (11, 30, 20, 100, 2000),
        (31, 35, 5, 200, 1000),
    ]
    assert [(l.first, l.last, l.rate) for l in fee_by_count(35).lines] == [(35, 35, 200)]


def test_fee_facts():
    assert fee_facts(3, 10, True)["fee_charged_not_allowed"] is True
    assert fee_facts(12, 10, True)["fee_charged_not_allowed"] is False
    assert fee_facts(None, None, False)["fee_charged_not_allowed"] is False


def test_negative_is_an_input_error():
    with pytest.raises(InputError):
        compute_fee(-1, 0)


@given(st.integers(0, 500))
def test_totals_are_sums_of_marginal_rates_and_monotone(n):
    assert month_fee_by_count(n).total == sum(count_rate(k) for k in range(1, n + 1))
    assert fee_by_count(n).total == (count_rate(n) if n else 0)
    assert fee_by_count(n + 1).total >= fee_by_count(n).total
    assert fee_by_volume(n + 1).total - fee_by_volume(n).total == (
        0 if n + 1 <= 30 else 10 if n + 1 <= 100 else 20 if n + 1 <= 200 else 40
    )


def test_cli_fee(root):
    out = gkrules("fee", "--requests-this-month", "31", "--pages", "101", "--format", "json", cwd=root)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["by_count"]["total"] == 200 and data["by_volume"]["total"] == 720 and data["fee_allowed"]
    assert data["month_total_by_count"] == 2200
    text = gkrules("fee", "--requests-this-month", "12", cwd=root)
    assert "按件计收（本件为本月第12件）：100元" in text.stdout
    bad = gkrules("fee", "--requests-this-month", "-1", cwd=root)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_huge_counts_are_refused_quickly(root):
    with pytest.raises(InputError, match="上限"):
        compute_fee(100_000_000, 0)
    assert month_fee_by_count(10_000).total == sum(count_rate(k) for k in range(1, 10_001))
    out = subprocess.run(
        [sys.executable, "-m", "gkrules", "fee", "--requests-this-month", "100000000"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=30,
    )
    assert out.returncode == 2 and "10000" in out.stderr and "Traceback" not in out.stderr
