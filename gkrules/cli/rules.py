"""``gkrules rules``: list the rules and show one rule, as a reviewer reads them."""

from __future__ import annotations

import datetime as _dt

import click

from ..rulebook import Rule, RuleSet
from ._common import dump_json, format_option, pass_context, table


@click.group()
def rules():
    """查看规则：列表、单条规则。

    \b
    示例：
      gkrules rules list
      gkrules rules list --on 2023-12-31
      gkrules rules show GK-C-006
    """


@rules.command("list")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="只列出在该日（YYYY-MM-DD）施行的规则。")
@click.option("--area", type=click.Choice(["classify", "letter", "deadline"]), help="只列出某一领域的规则。")
@format_option("text", "json")
@pass_context
def list_rules(ctx, on, area, fmt):
    """列出规则：编号、作用域、标题、法律依据、施行期间。"""
    rs: RuleSet = ctx.ruleset
    selected = list(rs.all_rules)
    if on is not None:
        day = on.date()
        selected = [r for r in selected if r.active and r.in_force_on(day)]
    if area:
        selected = [r for r in selected if rule_area(rs, r) == area]
    selected.sort(key=lambda r: r.code)
    if fmt == "json":
        click.echo(dump_json([rule_summary(r) for r in selected]))
        return
    rows = [[r.code, r.scope, r.title, r.article, period(r), "" if r.active else "已废止"] for r in selected]
    click.echo(table(rows, ["编号", "作用域", "标题", "法律依据", "施行期间", "状态"]))
    click.echo(f"\n共 {len(selected)} 条；规则集 {rs.hash}")


def rule_area(rs: RuleSet, rule: Rule) -> str:
    from pathlib import Path

    return Path(rule.path).resolve().relative_to(rs.root.resolve()).parts[0]


def period(rule: Rule) -> str:
    start, end = rule.in_force
    return f"{start.isoformat()} 起" + (f" 至 {end.isoformat()}" if end < _dt.date(9999, 12, 31) else "")


def rule_summary(rule: Rule) -> dict:
    start, end = rule.in_force
    return {
        "code": rule.code,
        "slug": rule.slug,
        "title": rule.title,
        "scope": rule.scope,
        "status": rule.status,
        "category": rule.category,
        "element": rule.element,
        "article": rule.article,
        "in_force": {"from": start.isoformat(), "to": None if end.year == 9999 else end.isoformat()},
    }


@rules.command("show")
@click.argument("code")
@format_option("text", "json")
@pass_context
def show(ctx, code, fmt):
    """显示一条规则：标题、条文、条件（中文）、说明和示例。"""
    rs: RuleSet = ctx.ruleset
    rule = rs.get(code)
    if fmt == "json":
        data = rule.model_dump(mode="json", by_alias=True, exclude={"path"})
        click.echo(dump_json(data))
        return
    from ..ruledoc import rule_section

    click.echo(rule_section(rs, rule))


COMMANDS = [rules]
