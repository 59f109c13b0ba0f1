from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Role, StaffField

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9\- ]{5,19}$", _("Enter a phone number: digits, optionally with +, spaces or dashes.")
)


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    manager = models.ForeignKey(
        "accounts.User",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_teams",
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A staff member. The staff profile (phone, team, role) lives on the user row itself: one row, no join."""

    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    company_wide = models.BooleanField(
        _("company-wide view"),
        default=False,
        help_text=_("A company manager: sees every team, not only their own."),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names read family name first, with no space: 王经理, not "经理 王".
        if any("\u4e00" <= ch <= "\u9fff" for ch in self.last_name + self.first_name):
            return f"{self.last_name}{self.first_name}".strip()
        return super().get_full_name()

    @property
    def display_name(self):
        return str(self)


class StaffChange(models.Model):
    """One recorded change to a staff member's account: who changed which field of whose account, from what to
    what, and when. Written by the staff services only; the admin shows it read-only."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        User,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change."),
    )
    staff = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="account_changes"
    )
    field = models.CharField(_("field"), max_length=30, choices=StaffField.choices)
    old_value = models.CharField(_("from"), max_length=1000, blank=True)
    new_value = models.CharField(_("to"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("staff account change")
        verbose_name_plural = _("staff account changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["staff", "-at"], name="accounts_staffchange_staff")]

    def __str__(self):
        return f"{self.staff} · {self.get_field_display()}"


class StaffHandover(models.Model):
    """A leaving staff member's work handed to others in one action (accounts.services.staff_hand_over): who did it,
    when, whose work, and per kind (handover.py) how much went to whom. Written by the service only; read-only."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(User, verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(
        User, verbose_name=_("leaving staff member"), on_delete=models.PROTECT, related_name="handovers_from"
    )
    # [{"kind": key, "label": text, "to": user id, "to_name": text, "count": n}, ...] in the order the kinds ran.
    moved = models.JSONField(_("what moved"), default=list, blank=True)
    deactivated = models.BooleanField(_("account deactivated"), default=False)

    class Meta:
        verbose_name = _("staff hand-over")
        verbose_name_plural = _("staff hand-overs")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["from_user", "-at"], name="accounts_handover_from")]

    def __str__(self):
        return f"{self.from_user} · {self.at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(row.get("count", 0) for row in self.moved)
