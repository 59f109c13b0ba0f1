"""Appeals against a collision (撞单申诉) and their steps: a state machine up the rule book's chain (seed 003 §5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from ..choices import (
    APPEAL_STATE_LEVEL,
    APPEAL_TEXTS,
    DECIDED_APPEAL_STATES,
    PENDING_APPEAL_STATES,
    AppealDecision,
    AppealEvent,
    AppealState,
)
from ..permissions import is_appeal_department_manager, is_appeal_general_office, is_appeal_quality_control
from .lead import Collision

_PENDING = Q(state__in=sorted(PENDING_APPEAL_STATES))


# django-fsm asks permission(instance, user); leads.permissions says it the other way round, like every predicate.
def _department_manager(appeal, user) -> bool:
    return is_appeal_department_manager(user, appeal)


def _quality_control(appeal, user) -> bool:
    return is_appeal_quality_control(user, appeal)


def _general_office(appeal, user) -> bool:
    return is_appeal_general_office(user, appeal)


class Appeal(models.Model):
    """The newcomer's appeal against a collision. It waits at the department manager; each level decides (keep /
    transfer) or passes it up with a reason; a superior may send a decision back to its level for review (复议)."""

    collision = models.ForeignKey(
        Collision, verbose_name=_("collision"), on_delete=models.CASCADE, related_name="appeals"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appellant"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    state = FSMField(_("state"), max_length=30, choices=AppealState.choices, default=AppealState.AT_DEPARTMENT)
    state_changed_at = models.DateTimeField(_("state changed at"))
    created_at = models.DateTimeField(_("opened at"))
    decision = models.CharField(_("decision"), max_length=20, choices=AppealDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("appeal_quality_control", _("Handles appeals as quality control (品控中心)")),
            ("appeal_general_office", _("Handles appeals as the general office (总经办)")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["collision"], condition=_PENDING, name="leads_one_pending_appeal"),
            models.CheckConstraint(condition=_PENDING | ~Q(decision=""), name="leads_decided_appeal_has_decision"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="leads_appeal_queue", condition=_PENDING)]

    def __str__(self):
        return f"{self.collision} · {self.get_state_display()}"

    def get_absolute_url(self):
        return f"{reverse('leads:appeals')}#appeal-{self.pk}"

    @property
    def level(self):
        """The level it waits at, or was decided at (choices.AppealLevel)."""
        return APPEAL_STATE_LEVEL[AppealState(self.state)]

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_APPEAL_STATES

    # --- The chain. The services fire these through `machine` and pick the one for the appeal's level; the
    # `permission` of each says who acts at that level (leads.permissions).
    machine = StateMachine(record="leads.AppealStep", link="appeal", texts=APPEAL_TEXTS)

    @transition(field=state, source=AppealState.AT_DEPARTMENT, target=AppealState.DECIDED_BY_DEPARTMENT,
                permission=_department_manager)  # fmt: skip
    def decide_at_department(self):
        pass

    @transition(field=state, source=AppealState.AT_DEPARTMENT, target=AppealState.AT_QUALITY_CONTROL,
                permission=_department_manager)  # fmt: skip
    def escalate_to_quality_control(self):
        pass

    @transition(field=state, source=AppealState.AT_QUALITY_CONTROL, target=AppealState.DECIDED_BY_QUALITY_CONTROL,
                permission=_quality_control)  # fmt: skip
    def decide_at_quality_control(self):
        pass

    @transition(field=state, source=AppealState.AT_QUALITY_CONTROL, target=AppealState.AT_GENERAL_OFFICE,
                permission=_quality_control)  # fmt: skip
    def escalate_to_general_office(self):
        pass

    @transition(field=state, source=AppealState.AT_GENERAL_OFFICE, target=AppealState.DECIDED_BY_GENERAL_OFFICE,
                permission=_general_office)  # fmt: skip
    def decide_at_general_office(self):
        pass

    # 复议 (§5.3): the level directly above the one that decided sends the decision back to it.
    @transition(field=state, source=AppealState.DECIDED_BY_DEPARTMENT, target=AppealState.AT_DEPARTMENT,
                permission=_quality_control)  # fmt: skip
    def review_department_decision(self):
        pass

    @transition(field=state, source=AppealState.DECIDED_BY_QUALITY_CONTROL, target=AppealState.AT_QUALITY_CONTROL,
                permission=_general_office)  # fmt: skip
    def review_quality_control_decision(self):
        pass


class AppealStep(TransitionRecord):
    """One step of an appeal: filed, escalated, decided, review ordered; who, when, from, to, the reason typed."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="steps", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=AppealState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=AppealState.choices)
    event = models.CharField(_("event"), max_length=30, choices=AppealEvent.choices, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("appeal step")
        verbose_name_plural = _("appeal steps")
        indexes = [models.Index(fields=["appeal", "at"], name="leads_appealstep_appeal")]

    @property
    def event_text(self) -> str:
        return APPEAL_TEXTS.render(self.event, self.params)
