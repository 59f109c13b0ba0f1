"""Running a complaint through its flow in tests."""

from complaints import services

from .conftest import later


def assign(complaint, by, handler, hours=1):
    return services.complaint_assign(complaint=complaint, by=by, handler=handler, at=later(hours))


def propose(complaint, by, *, compensation=None, hours=3):
    return services.complaint_propose_solution(
        complaint=complaint, by=by, at=later(hours), investigation="现场核实属实", category="construction",
        justified=True, demand_reasonable=True, corrective_action="班组交底", solution="上门修补并致歉",
        compensation=compensation,
    )  # fmt: skip


def to_solution(complaint, coordinator, handler, **kwargs):
    complaint = assign(complaint, coordinator, handler)
    complaint = services.complaint_start_investigation(complaint=complaint, by=handler, at=later(2))
    return propose(complaint, handler, **kwargs)


def to_closed(complaint, coordinator, handler, *, approver=None, satisfaction="satisfied"):
    complaint = to_solution(complaint, coordinator, handler)
    if complaint.approval:
        complaint = services.complaint_review_solution(complaint=complaint, by=approver, approve=True, at=later(4))
    complaint = services.complaint_feed_back(complaint=complaint, by=coordinator, feedback="客户接受", at=later(5))
    return services.complaint_close(complaint=complaint, by=coordinator, satisfaction=satisfaction, at=later(6))
