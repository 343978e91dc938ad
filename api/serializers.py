"""What the API shows of each object. Classified measures show their number and direction only;
a report's content is shown only to those the pages show it to (``access.can_read_content``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .domain import (
    Agency,
    Direction,
    Evidence,
    Measure,
    Plan,
    PlanVersion,
    ReportingPeriod,
    Submission,
    access,
    services,
)


class PlanVersionSerializer(serializers.ModelSerializer):
    """An applied plan file, as the plan page lists it: the act behind it, when and by whom it was
    applied, the file's name and SHA-256 (the file itself is the coordinators' download on the page)."""

    applied_by = serializers.SerializerMethodField(help_text="Who applied it, as the plan page names them.")

    class Meta:
        model = PlanVersion
        fields = [
            "number",
            "kind",
            "act_kind",
            "act_number",
            "act_date",
            "effective_date",
            "applied_at",
            "applied_by",
            "file_name",
            "checksum",
        ]

    def get_applied_by(self, version) -> str | None:
        user = version.applied_by
        return (user.get_full_name() or user.username) if user else None


class PlanSerializer(serializers.ModelSerializer):
    versions = PlanVersionSerializer(many=True, read_only=True, help_text="Newest first.")

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title_kk",
            "title_ru",
            "title_en",
            "act_kind",
            "act_number",
            "act_date",
            "first_year",
            "last_year",
            "period_months",
            "agency_due_day",
            "ministry_due_day",
            "is_training",
            "versions",
        ]


class DirectionSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(read_only=True, help_text="In the reader's language; the original where missing.")

    class Meta:
        model = Direction
        fields = ["id", "plan", "number", "title"]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name_kk", "name_ru", "name_en", "kind", "territory"]


class ResponsibleSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    is_lead = serializers.BooleanField()
    by_agreement = serializers.BooleanField()


CLASSIFIED_HIDDEN = (
    "title",
    "form_kind",
    "form_text",
    "responsible_text",
    "deadline_text",
    "expenses_text",
    "budget_note",
    "funding_source",
    "budget_total",
    "responsible",
)


class MeasureSerializer(serializers.ModelSerializer):
    """A classified measure: id, plan, direction, number and ``classified`` only; the rest null."""

    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    direction_number = serializers.IntegerField(source="direction.number", read_only=True)
    title = serializers.CharField(allow_null=True)
    form_kind = serializers.ChoiceField(choices=Measure.FormKind.choices, allow_null=True)
    form_text = serializers.CharField(allow_null=True)
    responsible_text = serializers.CharField(allow_null=True)
    deadline_text = serializers.CharField(allow_null=True)
    expenses_text = serializers.CharField(allow_null=True)
    budget_note = serializers.CharField(allow_null=True)
    funding_source = serializers.CharField(allow_null=True)
    budget_total = serializers.DecimalField(
        max_digits=16, decimal_places=1, allow_null=True, help_text="Thousand KZT over all years."
    )
    responsible = ResponsibleSerializer(source="responsibilities", many=True, allow_null=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "direction", "direction_number", "number", "classified", *CLASSIFIED_HIDDEN]

    def to_representation(self, measure):
        if not measure.classified:
            return super().to_representation(measure)
        shown = {
            "id": measure.pk,
            "plan": measure.plan.code,
            "direction": measure.direction_id,
            "direction_number": measure.direction.number,
            "number": measure.number,
            "classified": True,
        }
        return {**shown, **dict.fromkeys(CLASSIFIED_HIDDEN)}


class PeriodSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    label = serializers.CharField(read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "year", "number", "label", "start", "end", "agency_due", "ministry_due", "state"]

    @extend_schema_field(serializers.ChoiceField(choices=ReportingPeriod.State.choices))
    def get_state(self, period) -> str:
        return period.state(timezone.localdate())


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "content_type", "uploaded_at"]


CONTENT_FIELDS = (*services.EDITABLE_FIELDS, "return_reason")


class SubmissionSerializer(serializers.ModelSerializer):
    """A report. Its content (``progress`` … ``overspend_reason``, ``return_reason``) is null for
    the ministry while the agency has not sent it, as on the pages."""

    plan = serializers.CharField(source="period.plan.code", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    measure_number = serializers.IntegerField(source="measure.number", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    content_visible = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "plan",
            "period",
            "period_label",
            "measure",
            "measure_number",
            "agency",
            "role",
            "occurrence",
            "due",
            "status",
            "version",
            "submitted_at",
            "days_late",
            "reviewed_at",
            "times_returned",
            "updated_at",
            "content_visible",
            *CONTENT_FIELDS,
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name in CONTENT_FIELDS:
            fields[name].allow_null = True
        return fields

    def get_content_visible(self, submission) -> bool:
        return access.can_read_content(self.context["request"].user, submission)

    def to_representation(self, submission):
        data = super().to_representation(submission)
        if not data["content_visible"]:
            data.update(dict.fromkeys(CONTENT_FIELDS))
        return data


class HistoryEntrySerializer(serializers.Serializer):
    date = serializers.DateTimeField(source="history_date")
    user = serializers.CharField(source="history_user.username", allow_null=True, default=None)
    action = serializers.CharField(
        source="history_change_reason",
        allow_null=True,
        help_text='What was done, in English: "draft saved", "submitted", "accepted", "evidence file added" …',
    )
    status = serializers.ChoiceField(choices=Submission.Status.choices)
    version = serializers.IntegerField()
    evidence_file = serializers.SerializerMethodField(
        help_text='The evidence file the entry added or removed ("evidence file added" / "… removed"); otherwise null.'
    )
    api_token = serializers.CharField(
        source="api_token.name",
        allow_null=True,
        default=None,
        help_text="The name of the API token the change came through, if any.",
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_file(self, record) -> str | None:
        return record.evidence_name or None


class SubmissionDetailSerializer(SubmissionSerializer):
    evidence = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "evidence", "history"]

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, submission) -> list:
        if not access.can_read_content(self.context["request"].user, submission):
            return []
        return EvidenceSerializer(submission.evidence.all()[:100], many=True).data

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, submission) -> list:
        if not access.can_read_content(self.context["request"].user, submission):
            return []
        records = submission.history.select_related("history_user", "api_token").order_by(
            "-history_date", "-history_id"
        )
        return HistoryEntrySerializer(records[:100], many=True).data


# --- writes ------------------------------------------------------------------------------------


class DraftSerializer(serializers.ModelSerializer):
    """The fields to change (any subset) and the version the client read the report at."""

    version = serializers.IntegerField(
        min_value=1, help_text="The report's version when it was read; a stale one gets 409."
    )
    spent = serializers.DecimalField(max_digits=14, decimal_places=1, min_value=0, allow_null=True, required=False)

    class Meta:
        model = Submission
        fields = ["version", *services.EDITABLE_FIELDS]
        extra_kwargs = {name: {"required": False} for name in services.EDITABLE_FIELDS}


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text="Why: shown to the agency and kept in the history.")


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, DOCX, XLSX, PNG or JPEG.")


class ConflictSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    current_version = serializers.IntegerField()
    current_status = serializers.ChoiceField(choices=Submission.Status.choices)
