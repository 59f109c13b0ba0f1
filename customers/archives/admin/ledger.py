"""The handover ledger (签收簿) and the file defects in the admin: recorded through the services, never edited."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from decocrm.accounts.choices import Role

from ..choices import HANDOVER_STAGE
from ..models import ArchiveItem, FileDefect, Handover
from ..selectors import visible_files
from ..services import defect_correct, defect_record, handover_record
from .common import ArchiveAdmin, refusals


def _staff():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class HandoverForm(forms.ModelForm):
    received_items = forms.ModelMultipleChoiceField(
        queryset=ArchiveItem.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("documents received"),
        required=False,
    )  # fmt: skip

    class Meta:
        model = Handover
        fields = ["file", "kind", "handed_by", "received_by", "at", "received_items", "missing_note",
                  "handed_by_signed", "received_by_signed", "note"]  # fmt: skip

    def __init__(self, *args, user, file_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        files = visible_files(user)
        self.fields["file"].queryset = files
        self.fields["handed_by"].queryset = _staff()
        self.fields["received_by"].queryset = _staff().filter(Q(role=Role.ARCHIVE_CLERK) | Q(is_superuser=True))
        self.fields["handed_by_signed"].required = self.fields["received_by_signed"].required = True
        file_id = self.data.get("file") or file_id
        if file_id and str(file_id).isdigit():
            self.fields["received_items"].queryset = (
                ArchiveItem.objects.filter(file_id=file_id, file__in=files.values("pk"), received=False)
                .select_related("document_kind")
                .order_by("document_kind__order", "pk")
            )

    def clean(self):
        data = super().clean()
        offered = self.fields["received_items"].queryset
        chosen = set(data.get("received_items") or [])
        if offered.exists() and not chosen:
            self.add_error("received_items", _("Say which documents were handed over."))
            return data
        stage = HANDOVER_STAGE.get(data.get("kind"))
        left = [item for item in offered if item not in chosen and (stage is None or item.stage == stage)]
        if any(item.required for item in left) and not (data.get("missing_note") or "").strip():
            self.add_error("missing_note", _("Documents are missing: note what is missing."))
        return data


@admin.register(Handover)
class HandoverAdmin(ArchiveAdmin):
    form = HandoverForm
    list_display = ["file", "kind", "at", "handed_by_name", "received_by_name", "missing_shown"]
    list_filter = ["kind", "at", ("received_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["file__number", "file__customer__name", "handed_by_name", "missing_note"]
    list_select_related = ["file__customer"]
    date_hierarchy = "at"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:  # read only: the plain form
            return super().get_form(request, obj, change=change, form=forms.ModelForm, **kwargs)
        base = super().get_form(request, obj, change=change, **kwargs)
        file_id = request.GET.get("file")

        class Form(base):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, file_id=file_id, **inner)

        return Form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("received_by", request.user.pk)
        initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))
        return initial

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # the ledger is never edited

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["file", "kind", "at", "handed_by_name", "received_by_name", "received_items", "missing_items",
                "missing_note", "note", "recorded_by", "recorded_at"]  # fmt: skip

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj is not None else super().get_fields(request, obj)

    @admin.display(description=_("what was missing"))
    def missing_shown(self, handover):
        return handover.missing_note or "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        with refusals():
            saved = handover_record(
            file=data["file"], kind=data["kind"], handed_by=data["handed_by"], received_by=data["received_by"],
            at=data["at"], received_items=list(data["received_items"]), missing_note=data["missing_note"],
            handed_by_signed=data["handed_by_signed"], received_by_signed=data["received_by_signed"],
            note=data["note"], by=request.user,
        )  # fmt: skip
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        pass  # the service set the documents


class CorrectedFilter(admin.SimpleListFilter):
    title = _("corrected")
    parameter_name = "corrected"

    def lookups(self, request, model_admin):
        return [("yes", _("Corrected")), ("no", _("Not corrected"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(corrected_at__isnull=self.value() == "no")
        return queryset


class DefectForm(forms.ModelForm):
    class Meta:
        model = FileDefect
        fields = ["file", "item", "what", "responsible"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        files = visible_files(user)
        self.fields["file"].queryset = files
        self.fields["item"].queryset = ArchiveItem.objects.filter(file__in=files.values("pk")).select_related(
            "file", "document_kind"
        )
        self.fields["responsible"].queryset = _staff()


@admin.register(FileDefect)
class FileDefectAdmin(ArchiveAdmin):
    form = DefectForm
    list_display = ["file", "what", "found_at", "found_by", "responsible", "corrected_at"]
    list_filter = [CorrectedFilter, "found_at"]
    search_fields = ["file__number", "file__customer__name", "what"]
    list_select_related = ["file__customer", "found_by", "responsible"]
    date_hierarchy = "found_at"
    actions = ["mark_corrected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:  # read only: the plain form
            return super().get_form(request, obj, change=change, form=forms.ModelForm, **kwargs)
        base = super().get_form(request, obj, change=change, **kwargs)

        class Form(base):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return Form

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # corrected by the action, not edited

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["file", "item", "what", "responsible", "found_by", "found_at", "corrected_by", "corrected_at",
                "correction"]  # fmt: skip

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj is not None else super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        with refusals():
            saved = defect_record(file=data["file"], item=data["item"], what=data["what"],
                              responsible=data["responsible"], by=request.user)  # fmt: skip
        obj.pk = saved.pk

    @admin.action(description=_("Mark the selected defects corrected"), permissions=["change"])
    def mark_corrected(self, request, queryset):
        defects = list(queryset)
        with refusals():
            for defect in defects:
                defect_correct(defect=defect, by=request.user)
        count = len(defects)
        self.message_user(
            request,
            ngettext("%(count)d defect marked corrected.", "%(count)d defects marked corrected.", count)
            % {"count": count},
            messages.SUCCESS,
        )
