"""The data tables beside the rules (rules/params/): they load, and every value cites its article."""

from __future__ import annotations

from ..rulebook import RuleSet
from .model import Problem


def check_data(rs: RuleSet) -> list[Problem]:
    from ..data_tables import check

    return [Problem("bad-data", None, file, message) for file, message in check(rs.root, rs.all_rules)]
