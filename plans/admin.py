from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "kind", "territory")
    list_filter = ("kind", "territory")
    search_fields = ("code", "name_kk", "name_ru", "name_en")


class AmendmentInline(admin.TabularInline):
    model = models.Amendment
    extra = 0


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("code", "title_kk", "act_number", "act_date", "first_year", "last_year", "is_training")
    list_filter = ("is_training", "act_kind", "period_months")
    search_fields = ("code", "title_kk", "title_ru", "act_number")
    filter_horizontal = ("agencies",)
    inlines = [AmendmentInline]


@admin.register(models.Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "title")
    list_filter = ("plan",)
    search_fields = ("title_kk", "title_ru", "title_en")


class ResponsibilityInline(admin.TabularInline):
    model = models.Responsibility
    extra = 0
    autocomplete_fields = ("agency",)


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0


class DueDateInline(admin.TabularInline):
    model = models.MeasureDueDate
    extra = 0


# A classified measure is its number and direction, in the admin as everywhere, whatever is stored.
CLASSIFIED_HIDDEN = (
    *(
        f"{text}_{lang}"
        for text in ("title", "form_text", "budget_note", "funding_source")
        for lang in ("kk", "ru", "en")
    ),
    "form_kind",
    "responsible_text",
    "deadline_text",
    "schedule",
    "expenses_text",
)


@admin.register(models.Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("number", "plan", "direction", "short_title", "form_of_completion", "deadline", "classified")
    # No filter on stored fields a classified measure may carry (form of completion): the filter
    # would tell which classified measures have which.
    list_filter = ("plan", "classified", "direction__number")
    search_fields = (
        "title_kk",
        "title_ru",
        "title_en",
        "deadline_text",
        "responsible_text",
        "responsibilities__agency__code",
    )
    list_select_related = ("plan", "direction")
    inlines = [ResponsibilityInline, BudgetLineInline, DueDateInline]

    @admin.display(description="measure")
    def short_title(self, obj):
        return str(obj) if obj.classified else obj.title[:80]

    @admin.display(description="form of completion")
    def form_of_completion(self, obj):
        return "" if obj.classified else obj.get_form_kind_display()

    @admin.display(description="deadline")
    def deadline(self, obj):
        return "" if obj.classified else obj.deadline_text

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f not in CLASSIFIED_HIDDEN] if obj and obj.classified else fields

    def get_inlines(self, request, obj):
        return [] if obj and obj.classified else self.inlines

    def get_search_results(self, request, queryset, search_term):
        # A text search must not reveal what a classified measure's stored text contains.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return (queryset.filter(classified=False) if search_term else queryset), duplicates


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "plan", "start", "end", "agency_due", "ministry_due")
    list_filter = ("plan", "year")


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 0
    readonly_fields = ("name", "size", "content_type", "uploaded_by", "uploaded_at")


@admin.register(models.Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ("period", "measure", "agency", "role", "status", "progress", "days_late", "submitted_at")
    list_filter = ("status", "role", "progress", "period__plan", "period__year", "agency__kind")
    search_fields = ("agency__code", "measure__title_kk", "measure__title_ru", "narrative", "letter_number")
    list_select_related = ("period", "measure", "agency")
    raw_id_fields = ("period", "measure", "agency", "submitted_by", "reviewed_by")
    inlines = [EvidenceInline]


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "message")


@admin.register(models.ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "plan",
        "days_before",
        "on_due_day",
        "first_after",
        "repeat_every",
        "escalate_head_after",
        "escalate_ministry_after",
    )


@admin.register(models.Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("on_date", "recipient", "kind", "submission", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "on_date")
    search_fields = ("recipient__username", "recipient__email")
    raw_id_fields = ("recipient", "submission", "period")
