from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Plan Monitor: an agency's officer or head, a ministry coordinator, or a
    Government reader. Officers and heads belong to exactly one agency."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("agency officer")
        HEAD = "head", _("agency head")
        COORDINATOR = "coordinator", _("ministry coordinator")
        READER = "reader", _("Government reader")

    # A new account (createsuperuser, admin) starts as a reader: it sees, it changes nothing.
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.READER)
    agency = models.ForeignKey(
        "plans.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    language = models.CharField(
        _("language"), max_length=2, choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")], default="kk"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["officer", "head"]) | models.Q(agency__isnull=False),
                name="agency_staff_have_agency",
            )
        ]

    @property
    def is_agency_staff(self) -> bool:
        return self.role in (self.Role.OFFICER, self.Role.HEAD)

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_reader(self) -> bool:
        return self.role == self.Role.READER


class ApiToken(models.Model):
    """A key a user gives to their agency's system to use the API as them. The key is shown once;
    only its SHA-256 is kept, found by the short prefix stored beside it."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
