"""The borrowing pages (mobile-first): a staff member asks to view or borrow the file of a customer they see; the
approver approves or refuses from the request's page (or the admin site); the clerk hands it out and records the
return (here or in the admin site). The list shows one's own requests, those awaiting one's approval and, for
clerks and managers, the files out past their due date."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet, ActionView, apply_form
from decocrm.core.timeline import entries_of

from ..models.borrowing import BorrowState
from ..selectors.borrowing import (
    awaiting_my_approval,
    overdue_borrow_requests,
    sees_overdue_list,
    visible_borrow_requests,
)
from ..services import borrowing as services
from .forms import BorrowRequestForm, DecisionNoteForm, HandOutForm, RefusalForm

LIST_LIMIT = 50


def _approve(request, by, data):
    services.borrow_request_decide(request=request, by=by, approve=True, note=data["note"])
    return _("Approved: the archive clerk hands the file out.")


def _refuse(request, by, data):
    services.borrow_request_decide(request=request, by=by, approve=False, note=data["note"])
    return _("Refused: the borrower is told.")


def _withdraw(request, by, data):
    services.borrow_request_withdraw(request=request, by=by, note=data["note"])
    return _("The request is withdrawn.")


def _hand_out(request, by, data):
    services.borrow_request_hand_out(request=request, by=by, due_back=data["due_back"])
    return _("Handed out.")


def _record_return(request, by, data):
    services.borrow_request_record_return(request=request, by=by)
    return _("The return is recorded.")


BORROW_ACTIONS = ActionSet(
    Action("approve", gettext_lazy("Approve"), run=_approve, form=DecisionNoteForm, transition="approve",
           icon="check2-circle", style="btn-success"),
    Action("refuse", gettext_lazy("Refuse"), run=_refuse, form=RefusalForm, transition="refuse", icon="x-circle",
           style="btn-outline-danger"),
    Action("hand_out", gettext_lazy("Hand out"), run=_hand_out, form=HandOutForm, transition="hand_out",
           icon="box-arrow-up"),
    Action("record_return", gettext_lazy("Record return"), run=_record_return, transition="record_return",
           icon="arrow-return-left"),
    Action("withdraw", gettext_lazy("Withdraw"), run=_withdraw, form=DecisionNoteForm, transition="withdraw",
           icon="arrow-counterclockwise", style="btn-outline-secondary"),
    url="archives:borrow_action", live="borrow-live",
)  # fmt: skip


def borrow_list(request):
    user = request.user
    context = {
        "mine": visible_borrow_requests(user).filter(borrower=user)[:LIST_LIMIT],
        "to_approve": awaiting_my_approval(user)[:LIST_LIMIT],
        "overdue": overdue_borrow_requests(user)[:LIST_LIMIT] if sees_overdue_list(user) else None,
        "states": BorrowState,
    }
    return render(request, "archives/borrow_list.html", context)


def borrow_new(request):
    form = BorrowRequestForm(request.POST or None, user=request.user, initial={"file": request.GET.get("file")})
    if request.method == "POST":
        created = []
        done = apply_form(form, lambda data: created.append(services.borrow_request_create(borrower=request.user,
                                                                                           **data)))  # fmt: skip
        if done is not None:
            messages.success(request, _("Request sent: it awaits approval."))
            return redirect(created[0])
    return render(request, "archives/borrow_form.html", {"form": form})


def borrow_page(request, borrow, *, fragment=False, bound=None):
    context = {
        "borrow": borrow,
        "actions": BORROW_ACTIONS.offer(borrow, request.user, bound),
        "timeline": entries_of(
            borrow.transitions.select_related("by"), "transition", "includes/timeline_transition.html"
        ),  # fmt: skip
        "is_htmx": bool(request.htmx),
    }
    template = "archives/borrow_detail.html"
    return render(request, f"{template}#borrow-live" if fragment else template, context)


def borrow_detail(request, pk):
    return borrow_page(request, get_object_or_404(visible_borrow_requests(request.user), pk=pk))


class BorrowActionView(ActionView):
    actions = BORROW_ACTIONS

    def get_queryset(self):
        return visible_borrow_requests(self.request.user)

    def render_page(self, obj, *, bound=None, fragment):
        return borrow_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("archives:borrow_list")
