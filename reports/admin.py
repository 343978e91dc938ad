from django.contrib import admin

from .models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "plan",
        "period",
        "language",
        "version",
        "status",
        "is_final",
        "sent_at",
        "created_at",
    )
    list_filter = ("kind", "status", "is_final", "language", "plan")
    readonly_fields = (
        "checksum",
        "submissions",
        "file",
        "as_of",
        "finished_at",
        "sent_at",
        "sent_to",
        "sent_by",
        "finalized_at",
        "finalized_by",
        "requested_by",
        "scheduled_on",
        "error",
        "pages",
    )
    list_select_related = ("plan", "period__plan", "agency", "measure")
