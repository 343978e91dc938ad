"""Dashboard figures and generated documents, read through the dashboards' own selectors and the
documents' own visibility rule."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import filters
from .domain import access, visible_plans
from .reporting import dashboard_selectors as selectors
from .reporting import visible_reports

SCORECARD_LIMIT = 1000
AGENCY_PARAM = OpenApiParameter(
    "agency", int, description="Agency id; agency staff always see their own agency (another's is 404).", required=False
)


class CountsSerializer(serializers.Serializer):
    completed = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    not_completed = serializers.IntegerField()
    past_deadline = serializers.IntegerField(help_text="Deadline passed with no report saying how it ended.")


class PeriodCountsSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="Period label, e.g. 2015Q2.")
    states = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Measures per state: accepted, submitted, late, returned, missing, due, completed, not_due.",
    )


class OverviewSerializer(serializers.Serializer):
    plan = serializers.CharField()
    agency = serializers.IntegerField(allow_null=True)
    measures = serializers.IntegerField()
    classified = serializers.IntegerField()
    outcomes = CountsSerializer(help_text="Per public measure.")
    occurrences = CountsSerializer(help_text="Per occurrence of recurring measures.")
    per_period = PeriodCountsSerializer(many=True)


class ScorecardRowSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency_id")
    agency_code = serializers.CharField()
    period = serializers.CharField()
    obligations = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    late_avg = serializers.FloatField(allow_null=True, help_text="Average days late of the late ones.")
    missing = serializers.IntegerField()
    returned = serializers.IntegerField()
    pending = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="On-time rate of the obligations already due (0–1).")


class ScorecardSerializer(serializers.Serializer):
    rows = ScorecardRowSerializer(many=True)
    truncated = serializers.BooleanField(
        help_text="True when there were more rows than the limit; filter by plan or period."
    )


def _counts(counter) -> dict:
    return {c.value: counter[c.value] for c in selectors.OUTCOMES}


class OverviewView(APIView):
    @extend_schema(
        summary="A plan's overview: measures, classified, outcomes and states per period",
        parameters=[OpenApiParameter("plan", str, required=True, description="Plan code."), AGENCY_PARAM],
        responses={200: OverviewSerializer},
    )
    def get(self, request):
        agency = access.dashboard_agency(request.user, request.query_params.get("agency"))
        code = request.query_params.get("plan")
        if not code:
            raise serializers.ValidationError({"plan": [_("Give the code of the plan.")]})
        plan = visible_plans(request.user).filter(code=code).first()
        if plan is None:
            raise Http404  # as on the overview page: a plan the user may not see does not exist for them
        overview = selectors.plan_overview(plan=plan, today=timezone.localdate(), agency=agency)
        data = {
            "plan": plan.code,
            "agency": agency.pk if agency else None,
            "measures": overview.measures,
            "classified": overview.classified,
            "outcomes": _counts(overview.outcomes),
            "occurrences": _counts(overview.occurrences),
            "per_period": [{"period": label, "states": dict(counter)} for label, counter in overview.per_period],
        }
        return Response(OverviewSerializer(data).data)


class ScorecardView(APIView):
    @extend_schema(
        summary="Timeliness per agency and period",
        parameters=[
            OpenApiParameter("plan", str, description="Plan code (default: the current real plan, as on the page)."),
            OpenApiParameter("period", int, description="Reporting period id."),
            AGENCY_PARAM,
        ],
        responses={200: ScorecardSerializer},
    )
    def get(self, request):
        today = timezone.localdate()
        agency = access.dashboard_agency(request.user, request.query_params.get("agency"))
        plans = visible_plans(request.user)
        code = request.query_params.get("plan")
        plan = plans.filter(code=code).first() if code else selectors.current_plan(plans, today)
        if plan is None and code:
            raise Http404  # as on the scorecard page: a plan the user may not see does not exist for them
        if plan is None:  # no plan names the user's agency yet: nothing to count
            return Response(ScorecardSerializer({"rows": [], "truncated": False}).data)
        params = request.query_params.copy()
        params["plan"] = plan.code
        qs = selectors.submissions(today=today, agency=agency, plan=plan)
        form = filters.SubmissionFilter(params, queryset=qs)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        rows = selectors.scorecard(form.qs, today, plan)
        data = {"rows": rows[:SCORECARD_LIMIT], "truncated": len(rows) > SCORECARD_LIMIT}
        return Response(ScorecardSerializer(data).data)


class PdfRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; errors are still JSON."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if renderer_context and renderer_context.get("response") is not None:
            renderer_context["response"]["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    plan = serializers.CharField(source="plan.code")
    period = serializers.IntegerField(source="period_id", allow_null=True)
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    measure_number = serializers.IntegerField(source="measure.number", allow_null=True, default=None)
    language = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    is_final = serializers.BooleanField()
    pages = serializers.IntegerField(allow_null=True)
    checksum = serializers.CharField(help_text="SHA-256 of the PDF.")
    as_of = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


@extend_schema_view(
    list=extend_schema(summary="Generated PDF reports the user may see"),
    retrieve=extend_schema(summary="One generated report"),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DocumentSerializer
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        # A document about one classified measure is never listed.
        return visible_reports(self.request.user).exclude(measure__classified=True).order_by()

    @extend_schema(
        summary="The document's PDF",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="Not ready or not visible."),
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request, pk=None):
        report = self.get_object()
        if not report.file:
            raise Http404
        return FileResponse(report.file.open("rb"), content_type="application/pdf", filename=report.filename)
