"""The default policies, from PRODUCT.md's table of service clocks (seeded by migration 0002; admins edit them).

kind: (amount, unit, warn_before, escalate_after, extra fields, source)
"""

from datetime import timedelta

H = timedelta(hours=1)
D = timedelta(days=1)

DEFAULT_POLICIES = {
    "first_contact": (3, "working_days", D, D, {}, "000 §6"),
    "design_proposal": (5, "working_days", D, D, {}, "000 §6"),
    "measurement_results": (3, "working_days", D, D, {}, "001 §4"),
    "progress_update": (7, "days", D, D, {"recurring": True}, "000 §8"),
    "delay_notice": (3, "working_days", D, D, {"counts_back": True}, "000 §8"),
    "quality_response": (24, "hours", 4 * H, 12 * H, {}, "000 §8"),
    "quality_rectification": (7, "working_days", D, D, {}, "000 §8"),
    "archive_handover": (3, "working_days", D, D, {}, "002"),
    "repair_contact": (2, "hours", H / 2, 2 * H, {}, "000 §9"),
    "repair_on_site": (
        24,
        "hours",
        4 * H,
        12 * H,
        {"variant_attribute": "location", "variants": {"urban": 24, "suburban": 48}},
        "000 §9",
    ),
    "first_revisit": (1, "months", 3 * D, 3 * D, {}, "000 §9"),
    "repair_revisit": (1, "months", 3 * D, 3 * D, {}, "002"),
    "complaint_solution": (1, "working_days", 4 * H, D, {}, "002"),
    "complaint_closure": (7, "days", D, D, {}, "002"),
    "major_complaint_escalation": (24, "hours", 4 * H, 2 * H, {}, "002"),
    "complaint_revisit": (3, "days", 12 * H, D, {}, "002"),
    "key_account_contact": (
        7,
        "days",
        D,
        2 * D,
        {"recurring": True, "variant_attribute": "tier", "variants": {"core": 7, "ordinary": 14}},
        "004 §12",
    ),
    "key_account_response": (1, "hours", H / 4, H, {}, "004 §15"),
    "key_account_solution": (24, "hours", 4 * H, 12 * H, {}, "004 §15"),
    "visit_record": (24, "hours", 4 * H, 12 * H, {}, "004 §13"),
}


def seed_policies(policy_model, policies=None):
    """Create the missing policies (`policies`: kind -> defaults; the product's table unless given)."""
    for kind, (amount, unit, warn_before, escalate_after, extra, source) in (policies or DEFAULT_POLICIES).items():
        policy_model.objects.get_or_create(
            kind=kind,
            defaults={
                "amount": amount,
                "unit": unit,
                "warn_before": warn_before,
                "escalate_after": escalate_after,
                "source": source,
                **extra,
            },
        )
