from django.contrib import admin

from .models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: e-mail is sent by the outbox; coordinators resend failures on /outbox/."""

    list_display = ("created_at", "kind", "subject", "status", "attempts", "redeliveries", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
