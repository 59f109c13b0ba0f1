"""The context of the design panel (leads/design/_panel.html): what lead_design_context selects, plus a form for
each action the user may take, one per appointment / proposal where the action is per row.

Contract of the template: {"lead": lead, "design": design_panel_context(lead, user, ...)}. The lead detail page
may instead include the panel with only `lead` and `request` in its context: the panel then builds this itself
(templatetag lead_design_panel)."""

from dataclasses import dataclass

from .forms.design import (
    AppointmentBookForm,
    AppointmentReconfirmForm,
    AppointmentRescheduleForm,
    MeasurementConfirmForm,
    MeasurementRecordForm,
    ProposalAddForm,
    ProposalResponseForm,
)
from .selectors import lead_design_context


def form_prefix(key: str) -> str:
    return key.replace(":", "-")


def make_form(key: str, user, data=None, files=None):
    """The form behind a panel action. Keys: book, measurement, confirm, proposal, reconfirm:<appointment pk>,
    reschedule:<appointment pk>, response:<proposal pk>."""
    name = key.split(":", 1)[0]
    kwargs = {"data": data, "files": files, "prefix": form_prefix(key)}
    if name == "book":
        return AppointmentBookForm(user=user, **kwargs)
    classes = {
        "measurement": MeasurementRecordForm,
        "confirm": MeasurementConfirmForm,
        "proposal": ProposalAddForm,
        "reconfirm": AppointmentReconfirmForm,
        "reschedule": AppointmentRescheduleForm,
        "response": ProposalResponseForm,
    }
    return classes[name](**kwargs)


# The panel's forms that stay on the page: recording the measurement visit (its room rows are set up with the page's
# script). The others are folded until used and mostly unused on a given visit (book, reconfirm, reschedule, confirm,
# a revised version, the customer's response): their card fetches the form when opened (views.design.design_panel's
# ?form=<key>), as the quick actions' lazy forms do (decocrm.core.actions); issue 13, the lead page's CPU.
EAGER_FORMS = {"measurement"}


@dataclass(frozen=True)
class LazyForm:
    """A form the panel offers without building it: opening its card fetches it."""

    key: str
    is_lazy = True

    @property
    def prefix(self):
        return form_prefix(self.key)


def design_panel_context(lead, user, *, bound: dict | None = None, flash: str = "", error: str = "") -> dict:
    """bound: {form key: a bound form with errors} to show instead of an empty one (and open); flash / error: the
    outcome of the action just taken, shown at the top of the panel."""
    bound = bound or {}
    context = lead_design_context(lead, user)

    def form(key):
        if key in bound:
            return bound[key]
        return make_form(key, user) if key.split(":", 1)[0] in EAGER_FORMS else LazyForm(key)

    can_work = context["can_work"]
    context["appointment_rows"] = [
        {
            "appointment": appointment,
            "reconfirm_form": form(f"reconfirm:{appointment.pk}") if can_work and appointment.is_scheduled else None,
            "reschedule_form": form(f"reschedule:{appointment.pk}") if can_work and appointment.is_scheduled else None,
            "can_mark_held": can_work and appointment.is_scheduled and appointment.held_by_marking,
        }
        for appointment in context["appointments"]
    ]
    latest = context["latest_delivered_proposal"]
    context["forms"] = {
        "book": form("book") if context["can_book"] else None,
        "measurement": form("measurement") if context["can_record_measurement"] else None,
        "confirm": form("confirm") if context["can_confirm_measurement"] else None,
        "proposal": form("proposal") if context["can_add_proposal"] else None,
        "response": form(f"response:{latest.pk}") if context["can_respond"] else None,
    }
    context["open_form"] = next(iter(bound), "")
    context["flash"] = flash
    context["error"] = error
    return context
