"""Access-matrix rows of the complaint pages (tests/access). A complaint is seen by customer relations (company-wide),
its handler, whoever received it, its team's manager and the company managers (complaints.selectors); the matrix's
"own" complaint is handled by `sales` and concerns team A, the "other" one team B. Intake and statistics are for
customer relations and managers (403 for the other roles)."""

from datetime import date

from complaints.models import MonthlyStatistics
from complaints.services import complaint_add_evidence, complaint_assign, complaint_record
from decocrm.accounts.models import User
from tests.access.matrix import Row, scoped
from tests.uploads import image_bytes, upload

INTAKE = {"customer_relations": 200, "managers": 200, "*": 403}


def _recorder():
    return User.objects.filter(role="manager", company_wide=True, is_active=True).first()


def complaint_of(owner):
    """A complaint about the owner's team, handled by the owner (recorded by a company manager)."""
    recorder = _recorder()
    complaint = complaint_record(by=recorder, channel="hotline", content="墙面开裂", complainant_name="业主",
                                 accused_team=owner.team)  # fmt: skip
    complaint_assign(complaint=complaint, by=recorder, handler=owner)
    return {"pk": complaint.pk}


def evidence_of(owner):
    pk = complaint_of(owner)["pk"]
    from complaints.models import Complaint

    complaint = Complaint.objects.get(pk=pk)
    evidence = complaint_add_evidence(complaint=complaint, by=_recorder(),
                                      files=[upload("e.png", image_bytes(), "image/png")])  # fmt: skip
    return {"pk": pk, "evidence_pk": evidence[0].pk}


def statistics_of(owner):
    month = date(2025, 1 + MonthlyStatistics.objects.count(), 1)
    return {"pk": MonthlyStatistics.objects.create(month=month, created_at="2025-12-01T00:00+08:00").pk}


SCOPED = scoped(200, customer_relations=200)

ROWS = [
    Row("complaints:list", {"*": 200}),  # everyone's queue is scoped: other roles see an empty one
    Row("complaints:export", INTAKE),  # who receives complaints downloads their queue (tests/complaints/test_export.py)
    Row("complaints:new", INTAKE),
    Row("complaints:statistics", INTAKE),
    Row("complaints:detail", SCOPED, make=complaint_of),
    # An empty "propose" form is re-shown ("not possible" to whoever may only read it): nothing is written
    Row(
        "complaints:action", SCOPED, make=lambda owner: {**complaint_of(owner), "action": "propose"}, method="POST"
    ),  # fmt: skip
    Row("complaints:evidence", SCOPED, make=evidence_of, children=("evidence_pk",)),
    # Filing a month's statistics: customer relations and company managers (the summary is optional: an empty POST
    # files it); a team manager reads only their team's figures and does not file the company's
    Row(
        "complaints:file_statistics",
        {"customer_relations": 302, "company": 302, "*": 403},
        make=statistics_of,
        method="POST",
        writes=("customer_relations", "company"),
    ),  # fmt: skip
]
