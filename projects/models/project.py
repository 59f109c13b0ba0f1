from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from ..choices import (
    CLOSED_STATES,
    OPEN_PROJECT_STATES,
    PROJECT_TEXTS,
    AcceptanceNode,
    AcceptanceResult,
    ProjectState,
    StageStatus,
)
from ..permissions import can_manage_project, can_run_project


def _runs(project, user) -> bool:
    return can_run_project(user, project)


def _manages(project, user) -> bool:
    return can_manage_project(user, project)


def _nobody(project, user) -> bool:
    return False


class StageTemplate(models.Model):
    """A stage every new project gets (the admin edits the list; projects already started keep theirs)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))
    node = models.CharField(
        _("acceptance"), max_length=20, choices=AcceptanceNode.choices, default=AcceptanceNode.STAGE
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("stage template")
        verbose_name_plural = _("stage templates")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Project(models.Model):
    contract = models.OneToOneField(
        "contracts.Contract", verbose_name=_("contract"), on_delete=models.PROTECT, related_name="project"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="projects"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_projects",
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    workers = models.CharField(_("workers' team"), max_length=200, blank=True)
    inspector = models.CharField(_("quality inspector"), max_length=100, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    state = FSMField(_("state"), max_length=20, choices=ProjectState.choices, default=ProjectState.PLANNING)
    state_changed_at = models.DateTimeField(_("state changed at"))
    created_at = models.DateTimeField(_("created at"))

    machine = StateMachine(
        record="projects.ProjectTransition", link="project", closed=CLOSED_STATES, texts=PROJECT_TEXTS
    )

    # Who changed what, when (the services name the user, decocrm.core.history.record_by): edits on the timeline,
    # every save in the admin's history.
    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=models.F("planned_start")), name="projects_dates"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="projects_percent"),
        ]
        indexes = [
            models.Index(fields=["manager", "state"], name="projects_manager_state"),
            models.Index(fields=["team", "state"], name="projects_team_state"),
        ]

    def __str__(self):
        return _("Project of %(customer)s") % {"customer": self.customer}

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    @transition(field=state, source=ProjectState.PLANNING, target=ProjectState.SCHEDULE_SUBMITTED, permission=_runs)
    def submit_schedule(self):
        pass

    @transition(field=state, source=ProjectState.SCHEDULE_SUBMITTED, target=ProjectState.APPROVED, permission=_manages)
    def approve_schedule(self):
        pass

    @transition(field=state, source=ProjectState.SCHEDULE_SUBMITTED, target=ProjectState.PLANNING, permission=_manages)
    def return_schedule(self):
        pass

    @transition(field=state, source=ProjectState.APPROVED, target=ProjectState.IN_PROGRESS, permission=_runs)
    def start_work(self):
        pass

    @transition(field=state, source=ProjectState.IN_PROGRESS, target=ProjectState.COMPLETED, permission=_runs)
    def complete(self):
        pass

    # Fired by the system only (the contract's termination, projects.services.on_contract_terminated): no action
    # offers it.
    @transition(field=state, source=list(OPEN_PROJECT_STATES), target=ProjectState.STOPPED, permission=_nobody)
    def stop(self):
        pass


class ProjectTransition(TransitionRecord):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=ProjectState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=ProjectState.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("project state change")
        verbose_name_plural = _("project state changes")
        indexes = [models.Index(fields=["project", "at"], name="projects_transition_at")]


class Stage(models.Model):
    """One stage of the work, planned and actual; its status is read from its dates and its last acceptance."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    node = models.CharField(_("acceptance"), max_length=20, choices=AcceptanceNode.choices)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # The last acceptance's outcome, kept here so that a list reads every stage's status without a query per stage.
    last_result = models.CharField(_("last acceptance"), max_length=10, choices=AcceptanceResult.choices, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="projects_stage_position"),
            models.UniqueConstraint(fields=["project", "code"], name="projects_stage_code"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="projects_stage_planned_in_order",
            ),
        ]
        indexes = [
            # The project lists (selectors.my_projects) ask of every project whether a stage is blocked and which
            # stage is under way: small partial indexes answer both without reading every stage.
            models.Index(fields=["project"], condition=Q(last_result="failed"), name="projects_stage_blocked"),
            models.Index(
                fields=["project", "position"],
                condition=Q(actual_start__isnull=False) & ~Q(last_result="passed"),
                name="projects_stage_current",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def status(self) -> str:
        if self.last_result == AcceptanceResult.PASSED:
            return StageStatus.ACCEPTED
        if self.last_result == AcceptanceResult.FAILED:
            return StageStatus.BLOCKED
        return StageStatus.IN_PROGRESS if self.actual_start else StageStatus.PENDING

    def get_status_display(self) -> str:
        return StageStatus(self.status).label
