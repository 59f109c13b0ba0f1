from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Role

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
