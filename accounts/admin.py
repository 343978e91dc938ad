from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "agency", "language", "is_active")
    list_filter = ("role", "language", "is_active", "agency__kind")
    search_fields = ("username", "first_name", "last_name", "email", "agency__code")
    autocomplete_fields = ("agency",)
    fieldsets = BaseUserAdmin.fieldsets + (("Plan Monitor", {"fields": ("role", "agency", "language")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Plan Monitor", {"fields": ("role", "agency", "language")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read only: administrators see who has which tokens and when they were used. Keys are never
    shown (only their hash is stored); owners create and revoke tokens on their profile page, and a
    token is never deleted, since the reports' history names it."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
