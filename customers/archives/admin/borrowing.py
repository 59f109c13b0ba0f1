"""Borrowing requests in the admin site: the clerk's list (overdue ones flagged and filtered), with the actions
"hand out" and "record return"; approvers approve or refuse here too. Every action calls the service, which checks
who may; scoped like the pages (selectors.borrowing.visible_borrow_requests)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import BorrowRequest, BorrowTransition
from ..models.borrowing import BorrowState
from ..selectors.borrowing import visible_borrow_requests
from ..services import borrowing as services
from .common import NoteForm, ReadOnlyScopedAdmin, TransitionInline, run_each, with_form


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue returns")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = {"state": BorrowState.OUT, "due_back__lt": timezone.localdate()}
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


class BorrowTransitionInline(TransitionInline):
    model = BorrowTransition


@admin.register(BorrowRequest)
class BorrowRequestAdmin(ReadOnlyScopedAdmin):
    scope_selector = visible_borrow_requests
    list_display = ["number", "file", "borrower", "kind", "state", "approval_level", "due_back", "overdue", "out_at"]
    list_filter = [OverdueFilter, "state", "kind", "approval_level", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["file__number", "file__customer__name", "borrower__username", "borrower__last_name", "purpose"]
    list_select_related = ["file__customer", "borrower"]
    date_hierarchy = "requested_at"
    inlines = [BorrowTransitionInline]
    actions = ["approve", "refuse", "hand_out", "record_return"]

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.action(description=_("Approve the selected requests"), permissions=["view"])
    def approve(self, request, queryset):
        run_each(self, request, queryset,
                 lambda obj: services.borrow_request_decide(request=obj, by=request.user, approve=True),
                 str(_("%(count)d requests approved.")))  # fmt: skip

    @admin.action(description=_("Refuse the selected requests"), permissions=["view"])
    def refuse(self, request, queryset):
        return with_form(
            self, request, queryset, form_class=NoteForm, title=_("Refuse: say why"), action="refuse",
            run=lambda obj, data: services.borrow_request_decide(request=obj, by=request.user, approve=False,
                                                                 note=data["note"]),
            done_message=str(_("%(count)d requests refused.")),
        )  # fmt: skip

    @admin.action(description=_("Hand out the selected files"), permissions=["view"])
    def hand_out(self, request, queryset):
        run_each(self, request, queryset,
                 lambda obj: services.borrow_request_hand_out(request=obj, by=request.user),
                 str(_("%(count)d files handed out.")))  # fmt: skip

    @admin.action(description=_("Record return"), permissions=["view"])
    def record_return(self, request, queryset):
        run_each(self, request, queryset,
                 lambda obj: services.borrow_request_record_return(request=obj, by=request.user),
                 str(_("%(count)d returns recorded.")))  # fmt: skip
