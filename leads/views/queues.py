"""The pool (公海). The collision / appeal queue (撞单申诉) is views/appeals.py."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decocrm.accounts.selectors import is_manager, visible_staff
from decocrm.core.errors import DomainError
from decocrm.core.pagination import page_of

from .. import services
from ..forms import AssignForm
from ..selectors import can_use_pool, lead_pool, pool_lead_holder
from ..services.ownership import SELLING_ROLES
from .lead import PAGE_SIZE

# --- The pool


def pool_staff_only(view):
    """The pool's pages and actions are for those who work it (selectors.can_use_pool says who and why)."""

    @wraps(view)
    def check(request, *args, **kwargs):
        if not can_use_pool(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return check


@pool_staff_only
def lead_pool_list(request):
    page = page_of(request, lead_pool(request.user), PAGE_SIZE)
    manager = is_manager(request.user)
    staff = (
        list(visible_staff(request.user).filter(role__in=SELLING_ROLES).order_by("last_name", "first_name"))
        if manager
        else []
    )
    return render(
        request,
        "leads/pool.html",
        {"page": page, "is_manager": manager, "staff": staff, "can_claim": request.user.role in SELLING_ROLES},
    )


@pool_staff_only
@require_POST
def lead_pool_claim(request, pk):
    lead = lead_pool(request.user).filter(pk=pk).first()
    if lead is None:
        # The pool page was out of date: someone clicked first. The loser sees the pool again, told why.
        holder = pool_lead_holder(request.user, pk)
        if holder is None:
            raise Http404
        if holder == request.user.pk:  # a second click of the winner
            messages.info(request, _("This lead is already yours."))
            return redirect("leads:detail", pk=pk)
        messages.error(request, _("Someone else has already claimed this lead."))
        return redirect("leads:pool")
    try:
        services.lead_claim(lead=lead, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)  # e.g. "Someone else has already claimed this lead."
        return redirect("leads:pool")
    messages.success(request, _("The lead is yours now: %(name)s.") % {"name": lead.customer.name})
    return redirect(lead)


@pool_staff_only
@require_POST
def lead_pool_assign(request, pk):
    """A manager gives a pool lead to a salesperson (the lead may belong to another team's pool)."""
    lead = get_object_or_404(lead_pool(request.user), pk=pk)
    form = AssignForm(request.POST, user=request.user)  # an owner id that is not a number is a form error
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose who gets the lead.") if "owner" in form.errors else _form_errors(form))
        owner = form.cleaned_data["owner"]
        services.lead_assign(lead=lead, owner=owner, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(lead)s given to %(name)s.") % {"lead": lead.customer.name, "name": owner.display_name}
        )
    return redirect("leads:pool")


def _form_errors(form):
    """Each error of a form posted without its page (a button's hidden fields), prefixed with the field's label."""
    return [
        f"{form.fields[name].label}: {message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    ]
