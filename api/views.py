"""The API's reads of the plan and the reports, and the reporting workflow's steps.

Who sees what comes from ``plans.access`` (through ``api.domain``), exactly as on the pages; each
write calls the page's own service, which checks the rights again and records the history.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import filters
from . import serializers as s
from .domain import (
    Agency,
    ConflictError,
    Direction,
    Measure,
    ReportingPeriod,
    Submission,
    get_submission_for_user,
    services,
    visible_plans,
    visible_submissions,
)

MAX_VERSIONS = 500  # a plan is amended a few times a year; the list stays bounded all the same


@extend_schema_view(
    list=extend_schema(summary="Plans the user may see, each with its versions"),
    retrieve=extend_schema(summary="One plan with its versions"),
)
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PlanSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return visible_plans(self.request.user).order_by().prefetch_related("versions")

    @extend_schema(summary="The plan's versions, newest first", responses=s.PlanVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, code=None):
        plan = self.get_object()
        return Response(s.PlanVersionSerializer(plan.versions.all()[:MAX_VERSIONS], many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Directions of the visible plans"), retrieve=extend_schema(summary="One direction")
)
class DirectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DirectionSerializer
    filterset_class = filters.DirectionFilter

    def get_queryset(self):
        return Direction.objects.filter(plan__in=visible_plans(self.request.user)).select_related("plan")


@extend_schema_view(
    list=extend_schema(summary="Measures of the visible plans (classified ones: number and direction only)"),
    retrieve=extend_schema(summary="One measure"),
)
class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MeasureSerializer
    filterset_class = filters.MeasureFilter

    def get_queryset(self):
        return (
            Measure.objects.filter(plan__in=visible_plans(self.request.user))
            .select_related("plan", "direction")
            .prefetch_related("budget_lines", "responsibilities__agency")
        )


@extend_schema_view(list=extend_schema(summary="Agencies"), retrieve=extend_schema(summary="One agency"))
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AgencySerializer
    queryset = Agency.objects.all()


@extend_schema_view(
    list=extend_schema(summary="Reporting periods of the visible plans"), retrieve=extend_schema(summary="One period")
)
class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PeriodSerializer
    filterset_class = filters.PeriodFilter

    def get_queryset(self):
        return ReportingPeriod.objects.filter(plan__in=visible_plans(self.request.user)).select_related("plan")


# --- reports (submissions) ------------------------------------------------------------------------

STEP_ERRORS = {
    400: OpenApiResponse(description="Invalid input or the report is incomplete (see fields)."),
    403: OpenApiResponse(description="The user may see the report but not take this step (now)."),
    409: OpenApiResponse(s.ConflictSerializer, description="Someone saved the report since the given version."),
}


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="If given, the step is refused with 409 unless the report is still at this version.",
    )


class StepReasonSerializer(VersionSerializer, s.ReasonSerializer):
    pass


# Each step's example body is the next step of one report's life from its first draft (version 1):
# an officer drafts and submits, the head signs, a coordinator accepts (or returns) and reopens.
STEP_EXAMPLES = {
    "draft": {"version": 1, "progress": "in_progress", "narrative": "Жоба әзірленіп, келісуге жіберілді."},
    "submit": {"version": 2},
    "sign": {"version": 3},
    "accept": {"version": 4},
    "return": {"version": 4, "reason": "Бұйрықтың нөмірі мен күнін көрсетіңіз."},
    "reopen": {"version": 5, "reason": "Жұмсалған сома қате көрсетілген."},
}


def _step(summary: str, example: str, request=None):
    return extend_schema(
        summary=summary,
        request=request or VersionSerializer,
        responses={200: s.SubmissionDetailSerializer, **STEP_ERRORS},
        examples=[OpenApiExample(example, value=STEP_EXAMPLES[example], request_only=True)],
    )


@extend_schema_view(
    list=extend_schema(summary="Reports (submissions) the user may see"),
    retrieve=extend_schema(summary="One report with its evidence list and history"),
)
class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = filters.SubmissionFilter
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        qs = visible_submissions(self.request.user).select_related("period__plan", "measure", "agency")
        return qs.prefetch_related("evidence") if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return s.SubmissionSerializer if self.action == "list" else s.SubmissionDetailSerializer

    def get_object(self) -> Submission:
        # The pages' own lookup: another agency's report (or a classified one) is 404.
        pk = self.kwargs["pk"]
        if not str(pk).isdecimal():
            raise Http404
        return get_submission_for_user(self.request.user, int(pk))

    def _answer(self, submission: Submission, code: int = status.HTTP_200_OK) -> Response:
        fresh = get_submission_for_user(self.request.user, submission.pk)
        return Response(s.SubmissionDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _current(self, data: dict) -> Submission:
        """The report, refused with 409 if the client read it at another version. The row stays
        locked until the request's transaction ends, so nobody saves between this check and the step."""
        submission = self.get_object()
        if data.get("version") is not None:
            current = Submission.objects.select_for_update().filter(pk=submission.pk).values_list("version", flat=True)
            if data["version"] != current.get():
                submission.refresh_from_db()
                raise ConflictError(submission)
        return submission

    @_step("Save a draft: change any of the fields", "draft", request=s.DraftSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        data = self._valid(s.DraftSerializer)
        version = data.pop("version")
        submission = services.submission_save_draft(
            submission=self.get_object(), user=request.user, data=data, version=version
        )
        return self._answer(submission)

    @_step("Submit (to the head for sign-off where the agency has one, otherwise to the ministry)", "submit")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self._current(self._valid(VersionSerializer))
        return self._answer(services.submission_submit(submission=submission, user=request.user))

    @_step("Sign off and submit (the agency head)", "sign")
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        submission = self._current(self._valid(VersionSerializer))
        return self._answer(services.submission_sign(submission=submission, user=request.user))

    @_step("Accept (a coordinator)", "accept")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        submission = self._current(self._valid(VersionSerializer))
        return self._answer(services.submission_accept(submission=submission, user=request.user))

    @_step("Return to the agency with a reason (a coordinator)", "return", request=StepReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = self._valid(StepReasonSerializer)
        submission = self._current(data)
        return self._answer(services.submission_return(submission=submission, user=request.user, reason=data["reason"]))

    @_step("Reopen an accepted report with a reason (a coordinator)", "reopen", request=StepReasonSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = self._valid(StepReasonSerializer)
        submission = self._current(data)
        return self._answer(services.submission_reopen(submission=submission, user=request.user, reason=data["reason"]))

    @extend_schema(
        summary='Attach an evidence file (multipart form data, field "file")',
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer, 400: STEP_ERRORS[400], 403: STEP_ERRORS[403]},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        data = self._valid(s.EvidenceUploadSerializer)
        evidence = services.submission_add_evidence(submission=self.get_object(), user=request.user, file=data["file"])
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/: the API's own 404, in JSON."""

    permission_classes = [AllowAny]

    def get(self, request, *args, **kwargs):
        raise Http404

    post = put = patch = delete = get
