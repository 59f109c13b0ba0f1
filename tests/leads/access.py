"""Access-matrix rows of the lead pages (tests/access). A lead is seen by its owner, the owner's team manager and the
company managers, and by the designer assigned to it (seed 001 §4); out of scope is a 404. Every "own" lead past
qualification has the matrix's designer assigned and every "other" lead has none, so the designer's column reads
"assigned, not assigned". The pool is for the selling roles (selectors.can_use_pool): 403 for others.
The design endpoints and the quick actions (`leads:action`) are declared by URL name; their bodies are empty or
invalid, enough to see who gets past the scope."""

from datetime import timedelta

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from leads.choices import Channel
from leads.models import MeasurementVisit
from leads.services import LeadCollisionError, appeal_open, appointment_book, lead_capture, measurement_record
from tests.access.matrix import Row, scoped
from tests.factories import StaffFactory

from .conftest import MONDAY, new_phone
from .design_helpers import ROOMS, VISIT, add_proposal, book_measurement, delivered, measured, qualified, upload


def capture(by, **kwargs):
    kwargs.setdefault("channel", Channel.WALK_IN)
    kwargs.setdefault("name", "矩阵先生")
    kwargs.setdefault("phone", new_phone())
    kwargs.setdefault("at", MONDAY)
    return lead_capture(by=by, **kwargs)


def lead_of(owner):
    return {"pk": capture(owner).pk}


def designer_for(owner):
    """The matrix's designer for the "own" leads (owned by matrix_sales), nobody for the "other" ones."""
    return User.objects.get(username="matrix_designer") if owner.username == "matrix_sales" else None


def designed_lead_of(owner):
    """A qualified lead, with the designer assigned when it is the "own" one."""
    return {"pk": qualified(capture, owner, designer=designer_for(owner)).pk}


def pool_lead_of(owner):
    """A lead of the owner's team waiting in the pool (entered straight into it)."""
    return {"pk": capture(owner, owner=None).pk}


def collision_of(owner):
    """`owner` entered a customer that a teammate already holds."""
    holder = StaffFactory(role=Role.SALES, team=owner.team)
    phone = new_phone()
    capture(holder, phone=phone)
    try:
        capture(owner, phone=phone)
    except LeadCollisionError as error:
        return error.collision
    raise AssertionError("no collision")


def appeal_of(owner):
    return {"pk": appeal_open(collision=collision_of(owner), by=owner, reason="展会上先登记").pk}


def booked_lead_of(owner):
    lead = qualified(capture, owner, designer=designer_for(owner))
    appointment = appointment_book(
        lead=lead, by=owner, kind="consultation", scheduled_at=VISIT, at=MONDAY + timedelta(hours=2), place="门店"
    )
    return {"pk": lead.pk, "appointment_pk": appointment.pk}


def measurement_due_of(owner):
    lead = qualified(capture, owner, designer=designer_for(owner))
    book_measurement(lead, owner)
    return {"pk": lead.pk}


def draft_proposal_of(owner):
    lead = measured(capture, owner, designer=designer_for(owner))
    return {"pk": lead.pk, "proposal_pk": add_proposal(lead, owner).pk}


def delivered_proposal_of(owner):
    lead, proposal = delivered(capture, owner, designer=designer_for(owner))
    return {"pk": lead.pk, "proposal_pk": proposal.pk}


def floor_plan_of(owner):
    lead = qualified(capture, owner, designer=designer_for(owner))
    book_measurement(lead, owner)
    measurement_record(
        lead=lead, by=owner, held_at=VISIT, rooms=ROOMS, floor_plan=upload(), at=VISIT + timedelta(hours=2)
    )
    return {"pk": lead.pk, "kind": "plan", "file_pk": MeasurementVisit.objects.get(lead=lead).pk}


POOL = {"selling": 302, "*": 403}
OWNERS = ("owners",)  # whoever is in scope may really change the lead with this request
DESIGN_WORK = ("owners", "designer")  # the design work: also the assigned designer (the "own" lead's)


def designed(status):
    """The design pages and endpoints: the usual scope plus the assigned designer (not assigned: 404)."""
    return scoped(status, designer=(status, 404))


# The appointment and proposal endpoints name a child of the lead: also asked with another lead's child (404).
APPOINTMENT = {"make": booked_lead_of, "method": "POST", "children": ("appointment_pk",)}
DRAFT = {"make": draft_proposal_of, "method": "POST", "children": ("proposal_pk",)}
DELIVERED = {"make": delivered_proposal_of, "method": "POST", "children": ("proposal_pk",)}


def measured_lead_of(owner):
    return {"pk": measured(capture, owner, designer=designer_for(owner)).pk}


ROWS = [
    Row("leads:list", {"*": 200}),
    Row("leads:reports", {"managers": 200, "*": 403}),
    # Only the roles that may own a lead enter one (selectors.can_capture_leads): 403 for the others, as the pool
    Row("leads:create", {"selling": 200, "*": 403}),
    Row("leads:export", {"selling": 200, "*": 403}),  # each their own rows (tests/leads/test_views.py)
    Row("leads:detail", scoped(200, designer=(200, 404)), make=designed_lead_of),
    # Reworked by the generic action view; the name and kwargs stay. An empty "contact" form is re-shown.
    Row("leads:action", scoped(200), make=lambda owner: {**lead_of(owner), "action": "contact"}, method="POST"),
    # The pool: its pages for the selling roles; claiming takes the lead (a superuser, who has no role, is refused
    # by the service with a message); an empty assignment is refused with a message
    Row("leads:pool", {"selling": 200, "*": 403}),
    # "other" here is team B's owned lead that was never in the pool: not in the pool, so a 404 for everyone
    # (it once answered "someone else has already claimed it", telling that lead #pk exists and has an owner)
    Row(
        "leads:claim",
        {"selling": (302, 404), "*": (403, 403)},
        make=pool_lead_of,
        make_other=lead_of,
        method="POST",
        writes=("selling",),
    ),
    Row("leads:pool_assign", POOL, make=pool_lead_of, method="POST"),
    # Collisions and appeals: the newcomer who collided, the managers of either team, the company managers; empty
    # forms are refused with a message, except escalating, which needs no note
    Row("leads:appeals", {"*": 200}),
    Row("leads:appeal_open", scoped(302), make=lambda owner: {"pk": collision_of(owner).pk}, method="POST"),
    Row(
        "leads:appeal_action", scoped(200), make=lambda owner: {**appeal_of(owner), "action": "escalate"}, method="POST"
    ),
    # The design panel and its endpoints: an empty form is a 400 with the form; the buttons without a form (held,
    # deliver) and the reconfirmation (its note is optional) do their work and redirect
    Row("leads:design_panel", designed(200), make=designed_lead_of),
    Row("leads:appointment_book", designed(400), make=designed_lead_of, method="POST"),
    Row("leads:appointment_reconfirm", designed(302), writes=DESIGN_WORK, **APPOINTMENT),
    Row("leads:appointment_reschedule", designed(400), **APPOINTMENT),
    Row("leads:appointment_held", designed(302), writes=DESIGN_WORK, **APPOINTMENT),
    Row("leads:measurement_record", designed(400), make=measurement_due_of, method="POST"),
    Row("leads:measurement_confirm", designed(400), make=measured_lead_of, method="POST"),
    Row("leads:proposal_add", designed(400), make=measured_lead_of, method="POST"),
    Row("leads:proposal_deliver", designed(302), writes=DESIGN_WORK, **DRAFT),
    Row("leads:proposal_respond", designed(400), **DELIVERED),
    Row("leads:design_file", designed(200), make=floor_plan_of, children=("file_pk",)),
]
