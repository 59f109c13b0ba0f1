"""The leads' cards on the home page ("My work")."""

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from .selectors import my_leads_by_deadline, visible_leads
from .services.ownership import SELLING_ROLES

CARD_ROWS = 8
# E's Appointment model (measurement and design) may not be installed yet; its start field may have any of these.
APPOINTMENT_TIME_FIELDS = ("starts_at", "scheduled_at", "start_at", "at")


def my_leads_card(request):
    """My open leads, overdue first, then by the next deadline."""
    if request.user.role not in SELLING_ROLES:
        return None
    now = timezone.now()
    leads = list(my_leads_by_deadline(request.user)[:CARD_ROWS])
    for lead in leads:
        lead.overdue = bool(lead.next_due_at and lead.next_due_at < now)
    return {
        "template": "leads/_my_leads_card.html",
        "order": 5,
        "leads": leads,
        "all_url": reverse("leads:list"),
        "new_url": reverse("leads:create"),
    }


def todays_appointments_card(request):
    """Today's appointments on my leads, when the Appointment model exists (rendered as nothing otherwise)."""
    try:
        model = apps.get_model("leads", "Appointment")
    except LookupError:
        return None
    field_names = {field.name for field in model._meta.get_fields()}
    time_field = next((name for name in APPOINTMENT_TIME_FIELDS if name in field_names), None)
    if time_field is None or "lead" not in field_names:
        return None
    today = timezone.localdate()
    appointments = list(
        model.objects.filter(lead__in=visible_leads(request.user).filter(owner=request.user).values("pk"))
        .filter(**{f"{time_field}__date": today})
        .select_related("lead__customer")
        .order_by(time_field)[:CARD_ROWS]
    )
    for appointment in appointments:
        appointment.when = getattr(appointment, time_field)
    return {"template": "leads/_appointments_card.html", "order": 6, "appointments": appointments}
