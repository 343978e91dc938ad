from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Plan Monitor for real: health, request ids, login lockout, deploy checks, backups."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy checks
