"""Retention in the admin site: the files by their keep-until date with a "due for destruction" filter and the
action that proposes a destruction, and the destructions with their steps (the department head's review, the
general manager's approval, the clerk's record of what was destroyed). Every action calls the service, which
checks the state and who may."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Destruction, DestructionTransition, RetainedFile
from ..models.retention import DestructionState
from ..selectors.borrowing import files_due_for_destruction, visible_destructions, visible_files
from ..services import retention as services
from .common import NoteForm, ReadOnlyScopedAdmin, TransitionInline, run_each, with_form


class DueForDestructionFilter(admin.SimpleListFilter):
    """Kept files whose retention has passed and that no destruction is under way for (usable on any list of
    archive files)."""

    title = _("retention")
    parameter_name = "retention"

    def lookups(self, request, model_admin):
        return [("due", _("Due for destruction")), ("kept", _("Still kept"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(pk__in=files_due_for_destruction().values("pk"))
        if self.value() == "kept":
            return queryset.filter(retain_until__gte=timezone.localdate())
        return queryset


@admin.register(RetainedFile)
class RetainedFileAdmin(ReadOnlyScopedAdmin):
    scope_selector = visible_files
    list_display = ["number", "customer", "opened_at", "retain_until", "state"]
    list_filter = [DueForDestructionFilter, "state"]
    search_fields = ["number", "customer__name"]
    list_select_related = ["customer"]
    date_hierarchy = "retain_until"
    actions = ["propose_destruction"]

    @admin.action(description=_("Propose destroying the selected files"), permissions=["view"])
    def propose_destruction(self, request, queryset):
        run_each(self, request, queryset, lambda file: services.destruction_propose(file=file, by=request.user),
                 str(_("%(count)d destructions proposed.")))  # fmt: skip


class DestructionTransitionInline(TransitionInline):
    model = DestructionTransition


class RecordDestructionForm(forms.Form):
    what_destroyed = forms.CharField(label=_("What was destroyed"), widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.CharField(label=_("How it was destroyed"), max_length=100, required=False)


@admin.register(Destruction)
class DestructionAdmin(ReadOnlyScopedAdmin):
    scope_selector = visible_destructions
    list_display = ["file", "department", "retain_until", "state", "proposed_at", "reviewed_by", "approved_by",
                    "destroyed_by", "destroyed_at"]  # fmt: skip
    list_filter = ["state", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["file__number", "file__customer__name", "what_destroyed"]
    list_select_related = ["file__customer", "department", "reviewed_by", "approved_by", "destroyed_by"]
    date_hierarchy = "proposed_at"
    inlines = [DestructionTransitionInline]
    actions = ["review", "approve", "refuse", "record_destruction"]

    @admin.action(description=_("Review: agree to destroy (department head)"), permissions=["view"])
    def review(self, request, queryset):
        run_each(self, request, queryset,
                 lambda obj: services.destruction_review(destruction=obj, by=request.user, approve=True),
                 str(_("%(count)d destructions reviewed.")))  # fmt: skip

    @admin.action(description=_("Approve the destruction (general manager)"), permissions=["view"])
    def approve(self, request, queryset):
        run_each(self, request, queryset,
                 lambda obj: services.destruction_approve(destruction=obj, by=request.user, approve=True),
                 str(_("%(count)d destructions approved.")))  # fmt: skip

    @admin.action(description=_("Refuse the destruction"), permissions=["view"])
    def refuse(self, request, queryset):
        def run(obj, data):
            step = (services.destruction_review if obj.state == DestructionState.AWAITING_REVIEW
                    else services.destruction_approve)  # fmt: skip
            return step(destruction=obj, by=request.user, approve=False, note=data["note"])

        return with_form(self, request, queryset, form_class=NoteForm, title=_("Refuse: say why"), action="refuse",
                         run=run, done_message=str(_("%(count)d destructions refused.")))  # fmt: skip

    @admin.action(description=_("Record the destruction"), permissions=["view"])
    def record_destruction(self, request, queryset):
        return with_form(
            self, request, queryset, form_class=RecordDestructionForm, title=_("Record the destruction"),
            action="record_destruction",
            run=lambda obj, data: services.destruction_record(destruction=obj, by=request.user, **data),
            done_message=str(_("%(count)d destructions recorded.")),
        )  # fmt: skip
