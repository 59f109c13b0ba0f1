"""The leads' cards on the home page ("My work")."""

from django.urls import reverse
from django.utils import timezone

from decocrm.accounts.choices import Role

from .selectors import is_overdue, my_appointments_on, my_leads_by_deadline
from .services.ownership import SELLING_ROLES

CARD_ROWS = 8


def my_leads_card(request):
    """My open leads (a designer's: the leads they design), overdue first, then by the next deadline."""
    if request.user.role not in (*SELLING_ROLES, Role.DESIGNER):
        return None
    now = timezone.now()
    leads = list(my_leads_by_deadline(request.user)[:CARD_ROWS])
    for lead in leads:
        lead.overdue = is_overdue(lead, now)
    return {
        "template": "leads/_my_leads_card.html",
        "order": 5,
        "leads": leads,
        "all_url": reverse("leads:list"),
        "new_url": reverse("leads:create") if request.user.role in SELLING_ROLES else "",
    }


def todays_appointments_card(request):
    """Today's appointments on my leads or where I am one of our attendees."""
    appointments = list(my_appointments_on(request.user, timezone.localdate())[:CARD_ROWS])
    if not appointments and request.user.role not in SELLING_ROLES:
        return None
    for appointment in appointments:
        appointment.when = appointment.scheduled_at
    return {"template": "leads/_appointments_card.html", "order": 6, "appointments": appointments}
