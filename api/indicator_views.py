"""Outcome indicators and their observations, read-only, for everyone who reads the indicator
pages (``indicators.access``; anyone else gets 404). Observations are never overwritten: a
revised figure supersedes the older one, which stays readable with ``history=true``."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from . import filters
from .outcomes import (
    Indicator,
    Observation,
    Source,
    Territory,
    can_read_indicators,
    observation_rows,
    territories_by_indicator,
)


class TerritorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language; the original where missing.")

    class Meta:
        model = Territory
        fields = ["id", "code", "name", "kind", "since", "until"]


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language; the original where missing.")
    name_language = serializers.CharField(source="name.lang", read_only=True, help_text="kk, ru or en.")
    territories = serializers.SerializerMethodField(help_text="Codes of the territories it has current figures for.")

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_language", "unit", "desirable", "territories"]

    def get_territories(self, indicator) -> list[str]:
        return self.context["territories"].get(indicator.pk, [])


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "issuer", "date", "url"]


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    territory = serializers.CharField(source="territory.code", read_only=True)
    period = serializers.CharField(source="period.code", help_text="2025, 2025-S1, 2025-Q1, 2025-01 …")
    value = serializers.CharField(source="number", help_text="The exact decimal, as text (23761, 20.7).")
    source = SourceSerializer(read_only=True)
    current = serializers.BooleanField(source="is_current", help_text="False once a newer figure superseded it.")
    revises = serializers.SerializerMethodField(help_text="Ids of the older figures this one superseded.")

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "territory",
            "period",
            "period_start",
            "period_end",
            "value",
            "status",
            "source",
            "place",
            "comment",
            "recorded_at",
            "current",
            "superseded_by",
            "revises",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_revises(self, observation) -> list[int]:
        return [older.pk for older in observation.revises.all()]


class IndicatorReadable:
    """As on the indicator pages: staff read them, anyone else is told nothing exists (404)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can_read_indicators(request.user):
            raise Http404


@extend_schema_view(
    list=extend_schema(summary="Outcome indicators"), retrieve=extend_schema(summary="One indicator, by code")
)
class IndicatorViewSet(IndicatorReadable, viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.all()
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "territories": territories_by_indicator()}


@extend_schema_view(list=extend_schema(summary="Territories"), retrieve=extend_schema(summary="One territory"))
class TerritoryViewSet(IndicatorReadable, viewsets.ReadOnlyModelViewSet):
    serializer_class = TerritorySerializer
    queryset = Territory.objects.all()


@extend_schema_view(
    list=extend_schema(summary="Observations: current figures, or every revision with history=true"),
    retrieve=extend_schema(summary="One observation"),
)
class ObservationViewSet(IndicatorReadable, viewsets.ReadOnlyModelViewSet):
    serializer_class = ObservationSerializer
    filterset_class = filters.ObservationFilter

    def get_queryset(self):
        return observation_rows()

    def filter_queryset(self, queryset):
        # One observation is found by its id whether or not it is still current.
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)
