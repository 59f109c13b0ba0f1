"""Revisits (回访) [seed 002, revisits; 000 §9]: a call or a visit that keeps a revisit clock — the first revisit
after completion, after a repair, after a complaint, or a follow-up. On site needs the customer's signature, a
phone revisit is marked as such, the supervisor signs off. Every point the customer raises is a record of its own
with an owner, open until answered. Every write is in services/revisits.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from ..choices import REVISIT_TEXTS, RevisitEvent, RevisitKind, RevisitMethod, RevisitState

_USER = settings.AUTH_USER_MODEL


class Revisit(models.Model):
    # None for the revisit of a complaint by someone who is not (yet) a customer: `who` names them.
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, null=True, blank=True, related_name="revisits"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RevisitKind.choices)
    state = FSMField(_("state"), max_length=20, choices=RevisitState.choices, default=RevisitState.SCHEDULED)
    state_changed_at = models.DateTimeField(_("state changed at"))
    # The promise this revisit keeps (its clock's subject is the project, ticket or complaint — or, for a
    # follow-up, this revisit), and what it was about, copied from the clock.
    clock = models.ForeignKey(
        "sla.Clock", verbose_name=_("clock"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_label = models.CharField(_("about"), max_length=200)
    subject_url = models.CharField(_("link"), max_length=500, blank=True)
    reason = models.TextField(_("why"), blank=True)
    from_point = models.ForeignKey(
        "aftersales.RevisitPoint", verbose_name=_("raised point"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="follow_ups",
    )  # fmt: skip
    assignee = models.ForeignKey(
        _USER, verbose_name=_("revisitor"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    method = models.CharField(_("method"), max_length=10, choices=RevisitMethod.choices, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    signature = models.FileField(_("customer's signature"), upload_to="aftersales/revisits/%Y/%m/", blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        _USER, verbose_name=_("done by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        _USER, verbose_name=_("signed off by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        _USER, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    machine = StateMachine(
        record="aftersales.RevisitTransition", link="revisit",
        closed=(RevisitState.SIGNED_OFF, RevisitState.CANCELLED), texts=REVISIT_TEXTS,
    )  # fmt: skip

    class Meta:
        verbose_name = _("revisit")
        verbose_name_plural = _("revisits")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"], condition=Q(clock__isnull=False), name="aftersales_revisit_one_per_clock"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="aftersales_revisit_satisfaction",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="aftersales_revisit_customer"),
            models.Index(fields=["team", "state"], name="aftersales_revisit_team"),
            models.Index(fields=["done_at"], name="aftersales_revisit_done_at"),  # recorded lately, newest first
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject_label}"

    def get_absolute_url(self):
        return reverse("aftersales:revisit", args=[self.pk])

    @property
    def who(self) -> str:
        """Whom the revisit called: the customer, else what the revisit is about (the complaint and its
        complainant)."""
        return self.customer.name if self.customer_id else self.subject_label

    # --- the lifecycle (decocrm.core.workflow); who may take each step is checked by the services

    @transition(field=state, source=RevisitState.SCHEDULED, target=RevisitState.DONE)
    def record(self):
        pass

    @transition(field=state, source=RevisitState.DONE, target=RevisitState.SIGNED_OFF)
    def sign_off(self):
        pass

    @transition(field=state, source=RevisitState.SCHEDULED, target=RevisitState.CANCELLED)
    def cancel(self):
        pass


class RevisitTransition(TransitionRecord):
    revisit = models.ForeignKey(Revisit, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=RevisitState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=RevisitState.choices)
    event = models.CharField(_("event"), max_length=30, choices=RevisitEvent.choices, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("revisit step")
        verbose_name_plural = _("revisit steps")
        indexes = [models.Index(fields=["revisit", "at"], name="aftersales_revisit_step_at")]


class RevisitPoint(models.Model):
    """One point the customer raised: one problem, one record, with an owner, open until answered."""

    revisit = models.ForeignKey(Revisit, verbose_name=_("revisit"), on_delete=models.CASCADE, related_name="points")
    text = models.TextField(_("what the customer raised"))
    owner = models.ForeignKey(_USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        _USER, verbose_name=_("answered by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("raised point")
        verbose_name_plural = _("raised points")
        ordering = ["revisit", "pk"]
        indexes = [models.Index(fields=["owner"], condition=Q(answered_at__isnull=True), name="aftersales_open_points")]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
