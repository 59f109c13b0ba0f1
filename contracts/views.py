"""The contract pages. Thin: reads through the scoped selectors (another salesperson's contract is a 404), writes
through the services (contracts.actions declares the page's actions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from customers.services.sensitive import customer_list_export_record
from decocrm.core.actions import ActionView
from decocrm.core.errors import DomainError
from decocrm.core.filters import query_without, render_list
from decocrm.core.list_exports import ListExport
from decocrm.core.pagination import page_of
from decocrm.core.timeline import timeline
from decocrm.core.uploads import file_response
from decocrm.sla.selectors import clocks_for_page
from leads.selectors import visible_leads

from . import services
from .actions import CONTRACT_ACTIONS
from .choices import ContractFileKind
from .filters import ContractFilter
from .hooks import stage_label, stage_names
from .models import ContractFile, DesignChange
from .permissions import can_export_contracts, sees_contract_money
from .resources import CONTRACT_COLUMNS
from .selectors import receivable_totals, receivables, visible_contracts
from .services.signing import signing_problems

PAGE_SIZE = 25
RECEIVABLES_SHOWN = 20  # per section on the first view; the section's count and total cover every row
RECEIVABLE_SECTIONS = (
    ("overdue", gettext_lazy("Overdue")),
    ("due", gettext_lazy("Due this month")),
    ("received", gettext_lazy("Received this month")),
)


def _contract_filter(request, queryset=None):
    contracts = visible_contracts(request.user) if queryset is None else queryset
    return ContractFilter(request.GET or None, queryset=contracts, user=request.user)


def contract_list(request):
    return render_list(
        request, "contracts/contract_list.html", _contract_filter(request), page_size=PAGE_SIZE, fragment="results",
        can_export=can_export_contracts(request.user),
    )  # fmt: skip


class ContractExport(ListExport):
    """The contract list as a file (CSV or XLSX): the rows the list shows (scope and filters), for those who own
    contracts (permissions.can_export_contracts); the customers' background columns only for managers, and then in
    the access log."""

    what, filename, list_url, sheet_title = "contracts", "contracts", "contracts:list", gettext_lazy("Contracts")
    columns = CONTRACT_COLUMNS
    allowed = staticmethod(can_export_contracts)
    exported = staticmethod(customer_list_export_record)

    def filterset(self, request):
        return _contract_filter(request, visible_contracts(request.user).select_related("team"))


def _contracts(request):
    """Scoped, with what the page shows. The proposal's lead and the lead's customer are the contract's own (drafted
    from them): not joined again but shared after the read (_share_related); seven tables instead of eleven keep
    the planning of this query short."""
    return (
        visible_contracts(request.user)
        .select_related("proposal", "team", "termination")
        .prefetch_related(
            "milestones",
            "warranty_items",
            "change_agreements",
            Prefetch("files", ContractFile.objects.select_related("uploaded_by")),
            Prefetch("design_changes", DesignChange.objects.select_related("change_agreement")),
        )
    )


def _share_related(contract):
    """The proposal's lead is the contract's lead, the lead's customer the contract's customer (contract_draft):
    the rows already read, not read again."""
    if contract.lead.customer_id == contract.customer_id:
        contract.lead.customer = contract.customer
    if contract.proposal.lead_id == contract.lead_id:
        contract.proposal.lead = contract.lead


def contract_page(request, contract, *, fragment=False, bound=None):
    """The contract page, or its live part (everything an action may change), read again after every action."""
    _share_related(contract)
    sees_money = sees_contract_money(request.user, contract)
    files = [f for f in contract.files.all() if sees_money or f.kind != ContractFileKind.SCAN]
    milestones = contract.milestones.all()  # prefetched (_contracts): the forms and checks reuse them
    names = stage_names() if any(m.due_stage for m in milestones) else {}  # one query, when a payment needs it
    for milestone in milestones:
        milestone.due_stage_name = stage_label(milestone.due_stage, names)
    open_clocks, all_clocks = clocks_for_page(contract)
    context = {
        "contract": contract,
        "milestones": milestones,
        "warranty_items": contract.warranty_items.all(),
        "files": files,
        "change_agreements": contract.change_agreements.all(),
        "design_changes": contract.design_changes.all(),
        "termination": getattr(contract, "termination", None),
        "sees_money": sees_money,
        "problems": signing_problems(contract) if contract.state == "draft" else [],
        "clocks": open_clocks,
        "actions": CONTRACT_ACTIONS.offer(contract, request.user, bound),
        "timeline": timeline(contract, files=files, sees_money=sees_money, subject_clocks=all_clocks),
        "is_htmx": bool(request.htmx),
    }
    template = "contracts/contract_detail.html"
    return render(request, f"{template}#contract-live" if fragment else template, context)


def contract_detail(request, pk):
    return contract_page(request, get_object_or_404(_contracts(request), pk=pk))


class ContractActionView(ActionView):
    actions = CONTRACT_ACTIONS

    def get_queryset(self):
        return _contracts(self.request)

    def render_page(self, obj, *, bound=None, fragment):
        return contract_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("contracts:list")


@require_POST
def contract_draft(request, lead_pk):
    """Draft the contract of a lead whose customer accepted a proposal (the button on the lead page)."""
    lead = get_object_or_404(visible_leads(request.user), pk=lead_pk)
    try:
        contract = services.contract_draft(lead=lead, by=request.user)
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
        return redirect(lead)
    messages.success(request, _("Contract drafted from the accepted proposal: complete it, then sign."))
    return redirect(contract)


def contract_file(request, pk, file_pk):
    contract = get_object_or_404(_contracts(request), pk=pk)
    files = contract.files.all()
    if not sees_contract_money(request.user, contract):
        files = files.exclude(kind=ContractFileKind.SCAN)  # the signed scan shows the money
    document = get_object_or_404(files, pk=file_pk)
    return file_response(document.file, original_name=document.original_name)


def contract_drawing(request, pk, change_pk):
    """The drawing of a design change the customer signed (kept beside the older versions)."""
    contract = get_object_or_404(_contracts(request), pk=pk)
    change = get_object_or_404(contract.design_changes.exclude(drawing=""), pk=change_pk)
    return file_response(change.drawing, original_name=change.drawing_name)


def receivables_list(request):
    """Due this month, overdue, received this month: the salesperson's own, a team manager's team, everything for
    a company manager (contracts.selectors.receivables). Each section shows its first rows with its count and total;
    `?section=overdue` pages through one section."""
    today = timezone.localdate()
    lists, totals = receivables(request.user, today), receivable_totals(request.user, today)
    titles = dict(RECEIVABLE_SECTIONS)
    only = request.GET.get("section")
    if only in titles:
        page = page_of(request, lists[only], PAGE_SIZE, capped=False, count=totals[only]["count"])
        sections = [{"key": only, "title": titles[only], "rows": page.object_list, **totals[only]}]
        context = {"page": page, "query_string": query_without(request, "page"), "one_section": True}
    else:
        sections = [
            {"key": key, "title": title, "rows": lists[key][:RECEIVABLES_SHOWN], **totals[key]}
            for key, title in RECEIVABLE_SECTIONS
        ]
        context = {}
    return render(request, "contracts/receivables.html", {"today": today, "sections": sections, **context})
