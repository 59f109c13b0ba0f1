"""Access-matrix rows of the revisit pages (tests/access). After-sales staff and customer relations revisit every
customer; the holder of a revisit clock and the revisit's revisitor see theirs; a team manager the team's; the
company managers all (aftersales.selectors). The "own" object is a revisit clock the matrix salesperson holds."""

from aftersales.services import revisit_record
from decocrm.sla.services import clock_start
from tests.access.matrix import Row, scoped
from tests.leads.access import capture
from tests.uploads import image_bytes, upload

REVISITORS = {"after_sales": 200, "customer_relations": 200}


def due_of(owner):
    customer = capture(owner).customer
    clock = clock_start(kind="complaint_revisit", subject=customer, owner=owner, team=owner.team,
                        customer_id=customer.pk, label=f"投诉 {customer.pk}")  # fmt: skip
    return clock


def clock_of(owner):
    return {"clock_pk": due_of(owner).pk}


def revisit_of(owner):
    signature = upload("sig.png", image_bytes(), "image/png")
    revisit = revisit_record(by=owner, clock=due_of(owner), method="on_site", outcome="满意", satisfaction=5,
                             signature=signature, points=["柜门"], points_owner=owner)  # fmt: skip
    return {"pk": revisit.pk}


MANAGERS_ONLY = {"*": 403, "team_manager": 200, "other_team_manager": 200, "company_manager": 200, "superuser": 200}

ROWS = [
    Row("aftersales:revisits", {"*": 200}),  # scoped: others see an empty queue
    Row("aftersales:revisit-rates", MANAGERS_ONLY),
    # an empty form is shown again with its errors, nothing written (its GET, the form, is asked too)
    Row("aftersales:revisit-record", scoped(200, **REVISITORS), make=clock_of, method="POST", get=200),
    Row("aftersales:revisit", scoped(200, **REVISITORS), make=revisit_of),
    Row("aftersales:revisit-signature", scoped(200, **REVISITORS), make=revisit_of),
    # an empty answer is refused in its form (the owner of the point, and managers, may answer)
    Row("aftersales:revisit-action", scoped(200, **REVISITORS), make=lambda o: {**revisit_of(o), "action": "answer"},
        method="POST"),
]  # fmt: skip
