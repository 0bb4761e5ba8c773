"""Properties of the classification rule set (issue: engine, reference and domain.md agree)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import case_category, item_category
from strategies import FEE_RULES_FROM, cases, item_facts

from gkrules import categories
from gkrules.classify import Classifier, make_evaluator
from gkrules.models import CASE_FACTS, Case

NO_CASE_FACTS = st.just({n: False for n in CASE_FACTS})


@pytest.fixture(scope="module")
def engine(ruleset):
    # uncached: every generated case really goes through durable-rules
    return Classifier(make_evaluator(ruleset, "durable", cached=False))


@pytest.fixture(scope="module")
def reference(ruleset):
    return Classifier(make_evaluator(ruleset, "reference", cached=False))


def _with_items(case: Case, items_facts: list[dict]) -> Case:
    data = case.model_dump()
    data["items"] = [{"text": f"事项{i + 1}", "facts": f} for i, f in enumerate(items_facts)]
    return Case.model_validate(data)


def _item_facts(case: Case) -> list[dict]:
    return [it.facts.model_dump() for it in case.items]


def _rank(category: str) -> int:
    """How much the agency withholds under 条例第十四条至第十六条: open 0, partial 1, an exemption 2.

    Not-held, needs-creation and 36(七) registration matters are not withholding decisions but "no such
    information" or a referral to another procedure (domain.md section 3), so they rank 0. This matters
    in one corner: an item that is both a separable third-party matter and a registration matter is
    ``partial`` (step 6 comes before step 10); with the third party's consent it falls through to step 10
    and becomes a referral, which is not a more restrictive decision.
    """
    if category == "partial":
        return 1
    if category.startswith("refused/") and category != "refused/admin_query":
        return 2
    return 0


@pytest.fixture(scope="module")
def remembering(ruleset):
    # one classifier for every example: decide() answers from its step memos once a step was seen
    return Classifier(make_evaluator(ruleset, "reference", cached=False))


@settings(max_examples=2000)
@given(cases())
def test_engine_agrees_with_reference_and_with_domain_procedure(engine, reference, remembering, case):
    by_engine = engine.classify(case)
    by_reference = reference.classify(case)
    assert by_engine.category == by_reference.category
    assert [r.code for r in by_engine.decisive_rules] == [r.code for r in by_reference.decisive_rules]
    assert [(i.category, [r.code for r in i.decision.fired]) for i in by_engine.items] == [
        (i.category, [r.code for r in i.decision.fired]) for i in by_reference.items
    ]
    assert by_engine.category == case_category(case.facts.model_dump(), _item_facts(case))
    # the audit's path (decide, remembered step by step) gives the category and deciding rule of classify
    category, rule = remembering.decide(case)
    assert (category, rule.code) == (by_reference.category, by_reference.deciding_rule.code)


@given(cases())
def test_every_case_gets_exactly_one_known_category(engine, case):
    outcome = engine.classify(case)
    assert outcome.category in categories.CODES
    for item in outcome.items:
        assert item.category in categories.CODES
        assert item.decision.winner.priority == min(r.priority for r in item.decision.fired)


@given(cases(min_items=2), st.randoms(use_true_random=False))
def test_permuting_items_never_changes_the_outcome(engine, case, rnd):
    facts = _item_facts(case)
    shuffled = facts[:]
    rnd.shuffle(shuffled)
    assert engine.classify(_with_items(case, shuffled)).category == engine.classify(case).category


@given(cases(case_facts=NO_CASE_FACTS), st.sampled_from(["third_party_consent", "public_interest_override"]), st.data())
def test_consent_or_public_interest_never_makes_an_outcome_more_restrictive(engine, case, lift, data):
    facts = _item_facts(case)
    index = data.draw(st.integers(0, len(facts) - 1))
    lifted = [dict(f) for f in facts]
    lifted[index][lift] = True
    before = engine.classify(case)
    after = engine.classify(_with_items(case, lifted))
    assert _rank(after.items[index].category) <= _rank(before.items[index].category)
    if after.items[index].category != "refused/admin_query":
        # a lifted item that becomes a 36(七) referral counts as undisclosed in the aggregation, so
        # [not held, separable third party + registration, state secret] goes from partial to the
        # state secret's row once the third party consents: domain.md's order (step 6 before step 10)
        # and its aggregation rule give that, and the item itself is not decided more restrictively
        assert _rank(after.category) <= _rank(before.category)


@given(item_facts)
def test_law_requiring_disclosure_never_yields_a_discretionary_refusal(engine, facts):
    facts = {**facts, "law_requires_disclosure": True}
    case = _with_items(_base_case(), [facts])
    assert engine.classify(case).category not in (
        "refused/internal_affairs",
        "refused/process_info",
        "refused/enforcement_file",
    )


@given(cases(), st.sampled_from(CASE_FACTS))
def test_a_case_level_fact_dominates_all_item_facts(engine, case, fact):
    data = case.model_dump()
    data["facts"] = {n: False for n in CASE_FACTS} | {fact: True}
    if fact == "fee_unpaid_in_time" and data["received"] < FEE_RULES_FROM:
        data["received"] = FEE_RULES_FROM  # 国办函〔2020〕109号 applies from 2021-01-01
    outcome = engine.classify(Case.model_validate(data))
    assert outcome.case_decision is not None and outcome.items == ()
    assert outcome.category == case_category({fact: True}, [])


@given(
    st.sampled_from(
        [
            "state_secret",
            "prohibited_by_law",
            "endangers_security_stability",
            "third_party_rights",
            "internal_affairs",
            "process_information",
            "enforcement_file",
        ]
    ),
    st.booleans(),
)
def test_separable_refusal_with_an_open_item_gives_partial(engine, exemption, separable):
    refused = {exemption: True, "separable": separable}
    case = _with_items(_base_case(), [refused, {}])
    outcome = engine.classify(case)
    assert outcome.category == "partial"
    assert outcome.items[0].category == ("partial" if separable else item_category(refused))


@pytest.mark.parametrize("fact", ["not_held", "needs_creation", "administrative_query"])
def test_separable_does_not_change_non_exemptions(engine, fact):
    outcome = engine.classify(_with_items(_base_case(), [{fact: True, "separable": True}]))
    assert outcome.category == item_category({fact: True})
    assert outcome.category != "partial"


def test_mixed_undisclosed_items_take_the_first_row_of_the_form(engine):
    outcome = engine.classify(_with_items(_base_case(), [{"not_held": True}, {"process_information": True}]))
    assert outcome.category == "refused/process_info"
    assert [i.category for i in outcome.items] == ["cannot_provide/not_held", "refused/process_info"]


def test_case_received_before_the_2019_regulation_is_not_classified(engine):
    from gkrules.errors import NotApplicableError

    data = _base_case().model_dump()
    data["received"] = "2019-05-14"
    with pytest.raises(NotApplicableError) as info:
        engine.classify(Case.model_validate(data))
    assert "2019-05-15" in str(info.value)


def _base_case() -> Case:
    return Case.model_validate(
        {
            "id": "BASE",
            "agency": "福州市鼓楼区审计局",
            "received": "2020-05-06",
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "申请公开",
            "items": [{"text": "事项"}],
        }
    )
