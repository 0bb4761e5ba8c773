"""``gkrules classify``, ``gkrules explain`` and ``gkrules schema``."""

from __future__ import annotations

import json

import click

from .. import categories
from ..caseio import load_case
from ..errors import EXIT_ERROR, GkError, NotApplicableError
from ..explain import record, render_text
from ..models import Case
from ._common import dump_json, format_option, pass_context, table


def classification_json(case: Case, outcome) -> dict:
    """The JSON contract of case-format.md: ``id``, ``category``, ``rules`` (``id``, ``article``) and more."""
    return {
        "id": case.id,
        "category": outcome.category,
        "label": categories.label(outcome.category),
        "report_row": categories.get(outcome.category).report_row,
        "rules": [{"id": r.code, "article": r.article, "title": r.title} for r in outcome.decisive_rules],
        "deciding_rule": outcome.deciding_rule.code,
        "items": [
            {"index": it.index + 1, "text": it.text, "category": it.category, "rules": [r.code for r in it.rules]}
            for it in outcome.items
        ],
        "ruleset": outcome.ruleset_hash,
    }


@click.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=False))
@format_option("text", "json")
@click.option(
    "--engine",
    type=click.Choice(["durable", "reference"]),
    default="durable",
    show_default=True,
    help="durable：durable-rules 规则引擎；reference：纯 Python 参照求值器（用于核对）。",
)
@pass_context
def classify(ctx, cases, fmt, engine):
    """按规则给出一件或多件申请的处理结果类别。

    \b
    示例：
      gkrules classify cases/open-budget-report.yml
      gkrules classify cases/*.yml --format json

    表格列出：案件编号、类别代码、年度报告中的类别名称、决定规则及其法律依据。
    一件案件时 JSON 输出一个对象，多件时输出数组。文件有误时报告文件、行号和字段，
    其余文件照常处理，退出码为 2。
    """
    classifier = ctx.classifier(engine)
    results, rows, failed = [], [], False
    for path in cases:
        try:
            case = load_case(path)
            outcome = classifier.classify(case)
        except NotApplicableError as exc:
            click.echo(f"错误：{exc.with_file(path)}", err=True)
            failed = True
            continue
        except GkError as exc:
            click.echo(f"错误：{exc}", err=True)
            failed = True
            continue
        data = classification_json(case, outcome)
        results.append(data)
        rule = outcome.deciding_rule
        rows.append([case.id, outcome.category, outcome.label, f"{rule.code} {rule.slug}", rule.article])
    if fmt == "json":
        if results:
            click.echo(dump_json(results[0] if len(cases) == 1 else results))
    elif rows:
        click.echo(table(rows, ["案件", "类别代码", "类别", "决定规则", "法律依据"]))
    if failed:
        raise click.exceptions.Exit(EXIT_ERROR)


@click.command()
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@format_option("text", "json")
@click.option("--engine", type=click.Choice(["durable", "reference"]), default="durable", show_default=True)
@pass_context
def explain(ctx, case_path, fmt, engine):
    """显示一件申请的完整判断过程。

    \b
    列出：每个申请事项命中的全部规则、因优先级让位的规则及其胜出者、
    区分处理（条例第三十七条）、多个事项的汇总步骤、施行中的规则和规则集哈希。
    --format json 给出可留档的稳定记录（输入摘要、规则集哈希、施行规则、命中与取舍），
    日后可据此复现审查结果。

    \b
    示例：
      gkrules explain cases/partial-mixed-items.yml
      gkrules explain cases/partial-mixed-items.yml --format json > record.json
    """
    classifier = ctx.classifier(engine)
    case = load_case(case_path)
    try:
        outcome = classifier.classify(case)
    except NotApplicableError as exc:
        raise exc.with_file(case_path) from None
    rec = record(case, outcome, classifier.ruleset, classifier.evaluator.name)
    click.echo(dump_json(rec) if fmt == "json" else render_text(rec))


@click.command()
def schema():
    """打印案件文件的 JSON Schema（与 schema/case.schema.json 一致）。"""
    from ..models import Case as CaseModel

    click.echo(json.dumps(CaseModel.model_json_schema(), ensure_ascii=False, indent=2))


COMMANDS = [classify, explain, schema]
