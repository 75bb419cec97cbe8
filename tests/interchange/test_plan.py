"""An import plan that lists its first negotiations and sums up the rest."""

from tracker.interchange.plan import ImportPlan, NegotiationPlan


def negotiation_plan(slug, *, is_new=False, created=0, unchanged=0):
    plan = NegotiationPlan(slug=slug, title=slug.title(), is_new=is_new)
    plan.lanes["statements"].created = created
    plan.lanes["statements"].unchanged = unchanged
    return plan


def test_plan_lists_the_first_negotiations_and_sums_up_the_rest():
    plan = ImportPlan(listed=1)
    plan.add(negotiation_plan("first", is_new=True, created=2))
    plan.add(negotiation_plan("second", is_new=True, created=3))
    plan.add(negotiation_plan("third", created=4))
    plan.add(negotiation_plan("fourth", unchanged=5))

    assert [entry.slug for entry in plan.negotiations] == ["first"]
    assert (plan.beyond.count, plan.beyond.new, plan.beyond.changed) == (3, 1, 1)
    assert plan.beyond.unchanged == 1
    assert plan.beyond.lanes["statements"].created == 7
    assert plan.beyond.lanes["statements"].unchanged == 5
    assert "3 more negotiations: 1 new, 1 changed, 1 unchanged" in plan.summary_lines()


def test_plan_is_changed_by_a_negotiation_summed_up_only():
    plan = ImportPlan(listed=1)
    plan.add(negotiation_plan("first"))
    assert not plan.changed

    plan.add(negotiation_plan("second", created=1))

    assert plan.changed


def test_plan_without_a_limit_lists_every_negotiation():
    plan = ImportPlan()
    for index in range(3):
        plan.add(negotiation_plan(f"n{index}"))

    assert len(plan.negotiations) == 3 and plan.beyond.count == 0
