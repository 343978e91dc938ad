"""Generated documents: every PDF report built for a plan is kept, with what it was built from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Agency, Measure, Plan, ReportingPeriod


def report_path(instance: GeneratedReport, filename: str) -> str:
    return f"reports/{instance.plan.code}/{instance.kind}/{filename}"


class GeneratedReport(models.Model):
    """One version of one report. Regenerating makes a new row with the next version number;
    earlier versions and their files are kept."""

    class Kind(models.TextChoices):
        CONSOLIDATED = "consolidated", _("consolidated report to the Government")
        AGENCY = "agency", _("agency's quarterly report")
        MEASURE = "measure", _("measure history")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being generated")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="generated_reports")
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"), default=1)

    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    error = models.TextField(blank=True)
    file = models.FileField(_("file"), upload_to=report_path, max_length=300, blank=True)
    # The browser rendering of the same context, so that reading it in the browser shows what the PDF says.
    html = models.FileField(_("HTML"), upload_to=report_path, max_length=300, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # [[submission id, submission version], …] of every report the document was built from.
    submissions = models.JSONField(_("reports used"), default=list, blank=True)
    as_of = models.DateTimeField(_("as of"), null=True, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Set on the automatic monthly draft only: the unique constraint makes that draft exactly-once.
    scheduled_on = models.DateField(_("scheduled draft of"), null=True, blank=True)

    is_final = models.BooleanField(_("final"), default=False)
    finalized_at = models.DateTimeField(_("marked final"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent to the Government"), null=True, blank=True)
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The cover letter of a consolidated report: filled from the plan's report settings when it is
    # requested, editable until the version is marked final.
    outgoing_number = models.CharField(_("outgoing number"), max_length=60, blank=True)
    outgoing_date = models.DateField(_("outgoing date"), null=True, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    executor_name = models.CharField(_("executor's name"), max_length=200, blank=True)
    executor_phone = models.CharField(_("executor's phone"), max_length=60, blank=True)

    COVER_FIELDS = (
        "outgoing_number",
        "outgoing_date",
        "signatory_position",
        "signatory_name",
        "executor_name",
        "executor_phone",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        constraints = [
            models.UniqueConstraint(fields=["kind", "period", "language", "scheduled_on"], name="scheduled_draft_once"),
        ]
        indexes = [models.Index(fields=["kind", "plan", "period", "agency", "measure", "language", "version"])]

    def __str__(self) -> str:
        return f"{self.title} · v{self.version} · {self.language}"

    @property
    def key(self) -> dict:
        """Lookups matching every version of this report."""
        return {
            "kind": self.kind,
            "plan_id": self.plan_id,
            "period_id": self.period_id,
            "agency_id": self.agency_id,
            "measure_id": self.measure_id,
            "language": self.language,
        }

    @property
    def title(self) -> str:
        parts = [self.get_kind_display(), self.plan.code]
        if self.period_id:
            parts.append(self.period.label)
        if self.agency_id:
            parts.append(self.agency.code)
        if self.measure_id:
            parts.append(str(self.measure))
        return " · ".join(str(p) for p in parts)

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def filename(self) -> str:
        bits = [
            self.plan.code,
            self.kind,
            self.period.label if self.period_id else "",
            self.agency_id and f"agency{self.agency_id}",
            self.measure_id and f"m{self.measure.number}",
            self.language,
            f"v{self.version}",
        ]
        return "-".join(str(b) for b in bits if b) + ".pdf"


class ReportSettings(models.Model):
    """A plan's defaults for the cover letter of its consolidated reports (who signs, who executes)."""

    plan = models.OneToOneField(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="report_settings")
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    executor_name = models.CharField(_("executor's name"), max_length=200, blank=True)
    executor_phone = models.CharField(_("executor's phone"), max_length=60, blank=True)

    DEFAULT_FIELDS = ("signatory_position", "signatory_name", "executor_name", "executor_phone")

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return self.plan.code
