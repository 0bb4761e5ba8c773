"""``gkrules rules``: list, show, lint the rules and write the rule book, as a reviewer reads them."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import click

from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from ..rulebook import Rule, RuleSet
from ._common import dump_json, format_option, pass_context, table


@click.group()
def rules():
    """查看、检查规则，生成规则手册。

    \b
    示例：
      gkrules rules list                      列出全部规则
      gkrules rules list --on 2019-05-14      该日施行的规则（2019 年条例施行前：没有分类规则）
      gkrules rules show GK-C-006             查看一条规则（与规则手册中的一节相同）
      gkrules rules lint                      检查规则集：遗漏、冲突、永不胜出的规则、示例……
      gkrules rules doc                       重新生成 docs/rules.md
      gkrules rules doc --check               docs/rules.md 与规则不一致时退出码为 1
    """


@rules.command("list")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="只列出在该日（YYYY-MM-DD）施行的规则。")
@click.option("--area", type=click.Choice(["classify", "letter", "deadline"]), help="只列出某一领域的规则。")
@format_option("text", "json")
@pass_context
def list_rules(ctx, on, area, fmt):
    """列出规则：编号、作用域、标题、法律依据、施行期间。

    \b
    示例：
      gkrules rules list --on 2019-05-14      修订后的条例施行前一日：没有分类规则
      gkrules rules list --on 2024-01-01 --area letter
    """
    rs: RuleSet = ctx.ruleset
    selected = list(rs.all_rules)
    if on is not None:
        day = on.date()
        selected = [r for r in selected if r.active and r.in_force_on(day)]
    if area:
        selected = [r for r in selected if rs.area(r) == area]
    selected.sort(key=lambda r: r.code)
    if fmt == "json":
        click.echo(dump_json([rule_summary(r) for r in selected]))
        return
    rows = [[r.code, r.scope, r.title, r.article, period(r), "" if r.active else "已废止"] for r in selected]
    if rows:
        click.echo(table(rows, ["编号", "作用域", "标题", "法律依据", "施行期间", "状态"]))
    click.echo(f"\n共 {len(selected)} 条；规则集 {rs.hash}")
    if on is not None and not rs.in_force_on(on.date(), "item"):
        earliest = rs.earliest("item")
        click.echo(
            f"{on.date().isoformat()} 没有施行中的分类规则"
            + (f"（最早自 {earliest.isoformat()} 起施行）" if earliest else "")
            + "：该日收到的申请 gkrules 不予分类。"
        )


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


@rules.command("lint")
@format_option("text", "json")
@click.option("--notes/--no-notes", default=True, show_default=True, help="是否列出提示（由优先级决定的重叠等）。")
@click.option(
    "--record-codes", is_flag=True, help="把尚未登记的规则编号追加到 rules/ISSUED_CODES.txt（只增不减），再检查。"
)
@click.option(
    "--exhaustive-limit",
    type=click.IntRange(0, 22),
    default=20,
    show_default=True,
    help="一个作用域的事实不超过此数时穷举全部组合，否则抽样搜索（先试为真事实最少的组合）并化简反例。",
)
@click.option("--max-examples", type=click.IntRange(10), default=2000, show_default=True, help="抽样搜索的例数。")
@pass_context
def lint_rules(ctx, fmt, notes, record_codes, exhaustive_limit, max_examples):
    """检查整个规则集（分类、答复书、期限三个领域）。

    \b
    报告的问题：
      gap                 item、aggregate 作用域中没有规则决定的事实组合（每个施行期间分别检查），
                          附 YAML 反例；case、separation 作用域中“无规则适用”是正常情形
      ambiguous-priority  两条可同时适用的规则优先级相同
      shadowed            永远不会胜出的规则
      never-holds         永远不能成立的条件；unknown-fact 未定义的事实
      missing-article / missing-in-force / missing-examples / missing-explain
      wrong-example       示例的预期与规则集的实际结果不符
      duplicate-code / removed-code / unissued-code   编号重复、已发放的编号消失、编号未登记
      bad-slug / bad-category / missing-priority / missing-element / missing-severity ……
    提示（不算问题，供法律审核人员逐条确认）：
      overlap             两条规则可同时适用，由优先级决定胜出者

    \b
    示例：
      gkrules rules lint
      gkrules rules lint --no-notes
      gkrules rules lint --format json
      gkrules --rules /tmp/规则副本 rules lint

    退出码：0 没有问题（可以有提示）；1 有问题；2 规则文件无法加载（文件、行号、字段见错误信息）。
    """
    from ..lint import lint, render_text
    from ..lint import record_codes as record
    from ..rulebook import default_root, load_ruleset

    root = Path(ctx.rules_dir) if ctx.rules_dir else default_root()
    rs = load_ruleset(root, strict=False)
    if record_codes:
        new = record(rs)
        click.echo(f"已登记 {len(new)} 个新编号：{'、'.join(new) or '无'}", err=True)
    report = lint(rs, exhaustive_limit=exhaustive_limit, max_examples=max_examples)
    if fmt == "json":
        click.echo(dump_json(report.as_dict()))
    else:
        click.echo(render_text(report, notes=notes))
    sys.exit(EXIT_OK if report.ok else EXIT_FINDINGS)


def default_book_path(rs: RuleSet) -> Path:
    """``docs/rules.md`` beside the rules directory (the project's, for the project's rules)."""
    return rs.root.resolve().parent / "docs" / "rules.md"


@rules.command("doc")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="输出文件（默认：规则目录旁的 docs/rules.md；- 为标准输出）。",
)
@click.option("--check", is_flag=True, help="不写文件，只检查该文件是否与规则一致；不一致时退出码为 1。")
@click.option("--force", is_flag=True, help="覆盖一个不是由本命令生成的已有文件。")
@pass_context
def doc(ctx, output, check, force):
    """生成规则手册（Markdown）：按领域分组，每条规则一节。

    每节包括编号、标题、所引条文原文、用中文写出的条件、说明和示例；
    与 gkrules rules show CODE 打印的内容相同。文件开头注明“请勿手工编辑”。

    \b
    示例：
      gkrules rules doc                       写入 docs/rules.md
      gkrules rules doc -o -                  打印到标准输出
      gkrules rules doc --check               docs/rules.md 过期时退出码为 1（CI 使用）
    """
    from ..rulebook import default_root, load_ruleset
    from ..ruledoc import HEADER, rule_book

    rs = load_ruleset(Path(ctx.rules_dir) if ctx.rules_dir else default_root())  # read afresh: the files are the truth
    text = rule_book(rs)
    if output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output) if output else default_book_path(rs)
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            click.echo(f"{path}：与规则一致")
            sys.exit(EXIT_OK)
        reason = "不存在" if current is None else "与规则不一致（规则已修改但手册未重新生成）"
        click.echo(
            f"{path}：{reason}；请运行 gkrules rules doc" + (f" -o {path}" if output else "") + " 重新生成", err=True
        )
        sys.exit(EXIT_FINDINGS)
    if path.exists() and not force:
        head = path.read_text(encoding="utf-8")[: len(HEADER)] if path.is_file() else ""
        if head != HEADER:
            click.echo(f"错误：{path} 已存在且不是 gkrules rules doc 生成的文件；如确需覆盖请加 --force", err=True)
            sys.exit(EXIT_ERROR)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"已写入 {path}（{len(rs.all_rules)} 条规则）")


COMMANDS = [rules]
