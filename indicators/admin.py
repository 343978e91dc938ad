from django.contrib import admin

from .models import Indicator, Observation, Source, Target, Territory


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "unit", "desirable", "order")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    filter_horizontal = ("directions",)
    # Measures are linked by plan and number only, so a classified measure's cells never show here.
    raw_id_fields = ("measures",)
    inlines = [TargetInline]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "kind", "since", "until", "agency")
    list_filter = ("kind",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "issuer", "date")
    search_fields = ("title", "issuer")


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only: figures change through an import, which keeps the superseded ones as history."""

    list_display = (
        "indicator",
        "territory",
        "period_start",
        "period_end",
        "value",
        "status",
        "source",
        "superseded_by",
    )
    list_filter = ("indicator", "status", "territory__kind")
    list_select_related = ("indicator", "territory", "source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
