"""Deploy checks of our own (``manage.py check --deploy``, which ``scripts/serve.sh`` runs before
starting): production needs the shared services, not the laptop defaults. Each names the variable."""

from django.conf import settings
from django.core import checks
from django.db import connection


@checks.register(checks.Tags.security, deploy=True)
def production_services(app_configs, **kwargs):
    errors = []
    if connection.vendor != "postgresql":
        errors.append(
            checks.Error(
                "The database is not PostgreSQL.",
                hint="Set DATABASE_URL=postgres://user@host:5432/planmonitor.",
                id="planmonitor.E001",
            )
        )
    if not str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://")):
        errors.append(
            checks.Error(
                "The Celery broker is not Redis: the filesystem broker is for one laptop.",
                hint="Set CELERY_BROKER_URL=redis://host:6379/0.",
                id="planmonitor.E002",
            )
        )
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")):
        errors.append(
            checks.Warning(
                "E-mail is not sent anywhere.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST.",
                id="planmonitor.W003",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        errors.append(
            checks.Warning(
                "Links in e-mails are not https.",
                hint="Set SITE_URL=https://your.host.",
                id="planmonitor.W004",
            )
        )
    return errors
