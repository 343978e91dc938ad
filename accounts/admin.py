from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "agency", "language", "is_active")
    list_filter = ("role", "language", "is_active", "agency__kind")
    search_fields = ("username", "first_name", "last_name", "email", "agency__code")
    autocomplete_fields = ("agency",)
    fieldsets = BaseUserAdmin.fieldsets + (("Plan Monitor", {"fields": ("role", "agency", "language")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Plan Monitor", {"fields": ("role", "agency", "language")}),)
