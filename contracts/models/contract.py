"""A contract drafted from a lead's accepted proposal, its warranty items and its payment schedule [seed 000 §7,
§9; 001 §5]. Money is Decimal yuan with fen precision (never floats). Every write is in services/."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer
from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition
from leads.models import DesignProposal, Lead

from ..choices import CLOSED_STATES, CONTRACT_TEXTS, ContractEvent, ContractFileKind, ContractState, MilestoneKind
from ..permissions import can_work_contract

FEN = Decimal("0.01")


def _worked_by(contract, user) -> bool:
    return can_work_contract(user, contract)


class Contract(models.Model):
    number = models.CharField(
        _("number"),
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Given when the contract is signed."),
    )
    lead = models.ForeignKey(Lead, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="contracts")
    proposal = models.ForeignKey(
        DesignProposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="contracts"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="contracts"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = FSMField(_("state"), max_length=20, choices=ContractState.choices, default=ContractState.DRAFT)
    state_changed_at = models.DateTimeField(_("state changed at"))

    scope = models.TextField(_("scope of work"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    quality_standard = models.TextField(_("quality standard"), blank=True)
    payment_terms = models.TextField(_("payment terms"), blank=True)
    liability_terms = models.TextField(_("liability terms"), blank=True)

    # Before signing the customer is told [seed 000 §7]: a checklist the salesperson records.
    told_process = models.BooleanField(_("told the process"), default=False)
    told_stage_dates = models.BooleanField(_("told the stage dates"), default=False)
    told_customer_duties = models.BooleanField(_("told the customer's own duties"), default=False)
    told_after_sales_policy = models.BooleanField(_("told the after-sales policy"), default=False)
    briefed_at = models.DateTimeField(_("briefed at"), null=True, blank=True)
    briefed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("briefed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Signing [seed 000 §6, §7]
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    company_sealed = models.BooleanField(_("company seal affixed"), default=False)
    customer_signed = models.BooleanField(_("customer signed"), default=False)
    copy_to_business = models.BooleanField(_("copy to the business department"), default=False)
    copy_to_finance = models.BooleanField(_("copy to finance"), default=False)
    copy_to_construction = models.BooleanField(_("copy to construction"), default=False)

    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    machine = StateMachine(
        record="contracts.ContractTransition", link="contract", closed=CLOSED_STATES, texts=CONTRACT_TEXTS
    )

    # Who changed what, when (the services name the user, decocrm.core.history.record_by): edits on the timeline,
    # every save in the admin's history.
    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live contract per lead: a terminated one may be followed by a new draft.
            models.UniqueConstraint(
                fields=["lead"], condition=~Q(state=ContractState.TERMINATED), name="contracts_one_live_per_lead"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="contracts_amount_positive"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="contracts_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "state"], name="contracts_owner_state"),
            models.Index(fields=["team", "state"], name="contracts_team_state"),
        ]

    def __str__(self):
        return self.number or _("Draft contract of %(customer)s") % {"customer": self.customer}

    def get_absolute_url(self):
        return reverse("contracts:detail", args=[self.pk])

    @property
    def briefed(self) -> bool:
        return all((self.told_process, self.told_stage_dates, self.told_customer_duties, self.told_after_sales_policy))

    # --- the lifecycle (decocrm.core.workflow): one method per transition

    @transition(field=state, source=ContractState.DRAFT, target=ContractState.SIGNED, permission=_worked_by)
    def sign(self):
        pass

    @transition(field=state, source=ContractState.SIGNED, target=ContractState.IN_CONSTRUCTION)
    def start_construction(self):
        pass

    @transition(field=state, source=ContractState.IN_CONSTRUCTION, target=ContractState.COMPLETED)
    def complete(self):
        pass

    @transition(field=state, source=ContractState.COMPLETED, target=ContractState.CLOSED)
    def close(self):
        pass

    @transition(
        field=state,
        source=[ContractState.SIGNED, ContractState.IN_CONSTRUCTION],
        target=ContractState.TERMINATED,
        permission=_worked_by,
    )
    def terminate(self):
        pass


class ContractTransition(TransitionRecord):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=ContractState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=ContractState.choices)
    event = models.CharField(_("event"), max_length=30, choices=ContractEvent.choices, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("contract state change")
        verbose_name_plural = _("contract state changes")
        indexes = [models.Index(fields=["contract", "at"], name="contracts_transition_at")]


class WarrantyItem(models.Model):
    """What is under warranty and for how long [seed 000 §9]; the period starts at the completion acceptance."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="warranty_items")
    name = models.CharField(_("item"), max_length=100)
    years = models.PositiveSmallIntegerField(_("years"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("warranty item")
        verbose_name_plural = _("warranty items")
        ordering = ["contract", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "name"], name="contracts_warranty_item_unique"),
            models.CheckConstraint(condition=Q(years__gte=1) & Q(years__lte=30), name="contracts_warranty_years"),
        ]

    def __str__(self):
        return f"{self.name} · {self.years}"


class PaymentMilestone(models.Model):
    """One payment of the schedule: due on a date or on a stage's acceptance; what was received and when."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=MilestoneKind.choices)
    name = models.CharField(_("name"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    percent = models.DecimalField(_("percent of the contract"), max_digits=5, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_stage = models.CharField(
        _("due on the acceptance of"), max_length=40, blank=True, help_text=_("A construction stage's code.")
    )
    received_amount = models.DecimalField(_("received (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0))
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["contract", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "position"], name="contracts_milestone_position"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="contracts_milestone_amount_positive"),
            models.CheckConstraint(
                condition=Q(received_amount__gte=0) & Q(received_amount__lte=models.F("amount")),
                name="contracts_milestone_received_in_range",
            ),
        ]
        indexes = [
            # The receivables (selectors.receivables, overdue_milestones): the unpaid ones by due date, and what was
            # received in a month. The unpaid condition is the selectors' own (selectors.unpaid), so the planner
            # uses the partial index.
            models.Index(
                fields=["due_on"],
                include=["contract", "amount", "received_amount"],  # the totals read the index alone
                condition=Q(received_amount__lt=F("amount")),
                name="contracts_ms_unpaid_due",
            ),
            models.Index(fields=["received_on"], condition=Q(received_on__isnull=False), name="contracts_ms_received"),
        ]

    def __str__(self):
        return f"{self.name} · ¥{self.amount}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.received_amount


class ContractFile(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=ContractFileKind.choices)
    file = models.FileField(_("file"), upload_to="contracts/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")
        ordering = ["contract", "pk"]

    def __str__(self):
        return self.original_name or self.file.name


class ContractNumber(models.Model):
    """The last number given in a year: the row is locked while a contract is signed, so numbers are gap-free and
    unique under concurrent signing."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("contract number counter")
        verbose_name_plural = _("contract number counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
