"""What changes a signed contract [seed 001 §4(三), §5]: a change agreement (content, cost change, schedule
extension, a revised payment schedule), a termination agreement (only by mutual agreement), and the customer's
design change requests, assessed by the designer and accepted or declined. Every write is in services/."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from ..choices import DESIGN_CHANGE_TEXTS, DesignChangeEvent, DesignChangeState
from .contract import Contract


class ChangeAgreement(models.Model):
    """变更协议: recorded signed by both parties; what it changed is kept beside it (amount and end date before and
    after), so the contract's history explains its current figures."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="change_agreements")
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Counted within the contract."))
    content = models.TextField(_("what changes"))
    cost_change = models.DecimalField(_("cost change (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0))
    extension_days = models.PositiveSmallIntegerField(_("schedule extension (days)"), default=0)
    amount_before = models.DecimalField(_("amount before (yuan)"), max_digits=12, decimal_places=2)
    amount_after = models.DecimalField(_("amount after (yuan)"), max_digits=12, decimal_places=2)
    end_date_before = models.DateField(_("end date before"), null=True, blank=True)
    end_date_after = models.DateField(_("end date after"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"))
    company_sealed = models.BooleanField(_("company seal affixed"), default=False)
    customer_signed = models.BooleanField(_("customer signed"), default=False)
    design_change = models.OneToOneField(
        "contracts.DesignChange",
        verbose_name=_("design change"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_agreement",
    )
    created_at = models.DateTimeField(_("recorded at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("change agreement")
        verbose_name_plural = _("change agreements")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contracts_change_agreement_number"),
            models.CheckConstraint(condition=Q(amount_after__gt=0), name="contracts_change_amount_positive"),
        ]

    def __str__(self):
        return _("Change agreement %(number)d") % {"number": self.number}


class TerminationAgreement(models.Model):
    """解除协议: the contract ends only by mutual agreement [seed 001 §5], with the reason, who bears what, and the
    settlement."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="termination")
    reason = models.TextField(_("reason"))
    liability = models.TextField(_("liability"))
    settlement_amount = models.DecimalField(
        _("settlement amount (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    signed_on = models.DateField(_("signed on"))
    company_sealed = models.BooleanField(_("company seal affixed"), default=False)
    customer_signed = models.BooleanField(_("customer signed"), default=False)
    created_at = models.DateTimeField(_("recorded at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("termination agreement")
        verbose_name_plural = _("termination agreements")
        constraints = [
            models.CheckConstraint(condition=Q(settlement_amount__gte=0), name="contracts_settlement_not_negative")
        ]

    def __str__(self):
        return _("Termination of %(contract)s") % {"contract": self.contract}


class DesignChange(models.Model):
    """A design change the customer asks for after signing [seed 001 §4(三)]: requested → assessed by the designer
    (impact on design, schedule, budget) → accepted or declined with the customer → the customer signs the changed
    design, whose drawing is kept as a new version beside the older ones."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="design_changes")
    number = models.PositiveSmallIntegerField(_("number"))
    state = FSMField(_("state"), max_length=12, choices=DesignChangeState.choices, default=DesignChangeState.REQUESTED)
    content = models.TextField(_("what the customer asks"))
    reason = models.TextField(_("reason"))
    estimated_cost = models.DecimalField(
        _("estimated cost change (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    impact_design = models.TextField(_("impact on the design"), blank=True)
    impact_days = models.PositiveSmallIntegerField(_("impact on the schedule (days)"), null=True, blank=True)
    impact_cost = models.DecimalField(
        _("impact on the budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    customer_signed_on = models.DateField(_("customer signed on"), null=True, blank=True)
    drawing = models.FileField(_("changed drawing"), upload_to="contracts/drawings/%Y/%m/", blank=True)
    drawing_name = models.CharField(_("file name"), max_length=200, blank=True)
    drawing_version = models.PositiveSmallIntegerField(_("drawing version"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed recorded at"), null=True, blank=True)

    # Each step's time has its own field (assessed_at, decided_at, signed_at): no separate state_changed_at.
    machine = StateMachine(
        record="contracts.DesignChangeTransition",
        link="change",
        changed_at=None,
        closed=(DesignChangeState.DECLINED, DesignChangeState.SIGNED),
        texts=DESIGN_CHANGE_TEXTS,
    )

    class Meta:
        verbose_name = _("design change")
        verbose_name_plural = _("design changes")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contracts_design_change_number"),
            models.UniqueConstraint(
                fields=["contract", "drawing_version"],
                condition=Q(drawing_version__isnull=False),
                name="contracts_drawing_version",
            ),
        ]

    def __str__(self):
        return _("Design change %(number)d") % {"number": self.number}

    # --- the steps (decocrm.core.workflow); who may take each is checked by the services, against the contract

    @transition(field=state, source=[DesignChangeState.REQUESTED, DesignChangeState.ASSESSED],
                target=DesignChangeState.ASSESSED)  # fmt: skip
    def assess(self):
        """The designer's assessment; revised (assessed → assessed) until the change is decided."""

    @transition(field=state, source=DesignChangeState.ASSESSED, target=DesignChangeState.ACCEPTED)
    def accept(self):
        pass

    @transition(field=state, source=DesignChangeState.ASSESSED, target=DesignChangeState.DECLINED)
    def decline(self):
        pass

    @transition(field=state, source=DesignChangeState.ACCEPTED, target=DesignChangeState.SIGNED)
    def sign(self):
        pass


class DesignChangeTransition(TransitionRecord):
    change = models.ForeignKey(DesignChange, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=DesignChangeState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=DesignChangeState.choices)
    event = models.CharField(_("event"), max_length=30, choices=DesignChangeEvent.choices, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("design change step")
        verbose_name_plural = _("design change steps")
        indexes = [models.Index(fields=["change", "at"], name="contracts_dc_step_change_at")]
