"""Account pages that are ours rather than django.contrib.auth's: the page shown when logins are locked out, and the
staff hand-over pages (a leaving person's work handed to others; the list of hand-overs recorded)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.core.pagination import page_of

from .forms import StaffHandoverForm
from .handover import staff_handover_kinds
from .selectors import handover_staff, is_manager, visible_staff, visible_staff_handovers
from .services import StaffHandoverRefused, staff_hand_over, staff_handover_check, staff_handover_counts


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: answers a login attempt (pages or admin) made while the username or the
    address is locked out, with our page and 429 Too Many Requests, in place of the login page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- A leaving staff member's work, handed to others in one action (services.staff_hand_over) ---------------------

HANDOVERS_PAGE_SIZE = 25


def _require_manager(user):
    if not is_manager(user) or not user.is_active:
        raise PermissionDenied


def staff_handover_list(request):
    """The hand-overs recorded (a company manager's all, a team manager's their team's) and where to start one."""
    _require_manager(request.user)
    page = page_of(request, visible_staff_handovers(request.user), HANDOVERS_PAGE_SIZE)
    kinds = {kind.key: kind.label for kind in staff_handover_kinds()}
    for record in page.object_list:
        record.rows = [{**row, "label": kinds.get(row["kind"], row.get("label", ""))} for row in record.moved]
    context = {"page": page, "staff": handover_staff(request.user).order_by("-is_active", "username")}
    return render(request, "accounts/staff_handover_list.html", context)


def staff_handover(request, pk):
    """Hand over all of one person's work: choose receivers, confirm the counts, then everything moves at once."""
    _require_manager(request.user)
    leaving = get_object_or_404(handover_staff(request.user), pk=pk)
    counts = staff_handover_counts(leaving)
    receivers = visible_staff(request.user).exclude(pk=leaving.pk).order_by("role", "username")
    form = StaffHandoverForm(request.POST or None, receivers=receivers, kinds=staff_handover_kinds(), counts=counts)
    confirming = False
    if request.method == "POST" and form.is_valid():
        targets = form.targets()
        try:
            if request.POST.get("confirm") != "1":
                staff_handover_check(leaving=leaving, by=request.user, targets=targets, counts=counts)
                confirming = True
            else:
                record = staff_hand_over(
                    leaving=leaving, by=request.user, targets=targets, deactivate=form.cleaned_data["deactivate"]
                )
                messages.success(
                    request,
                    _("%(name)s's work was handed over: %(count)d items.")
                    % {"name": leaving.display_name, "count": record.total},
                )
                return redirect("staff_handovers")
        except StaffHandoverRefused as refused:
            field = f"to_{refused.field}" if refused.field and f"to_{refused.field}" in form.fields else None
            form.add_error(field, refused.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except DomainError as error:
            form.add_error(None, error.message)
    context = {
        "leaving": leaving,
        "form": form,
        "confirming": confirming,
        "rows": form.rows() if confirming else None,
        "counts": [(kind, counts[kind.key]) for kind in form.kinds],
    }
    return render(request, "accounts/staff_handover.html", context)
