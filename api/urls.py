from django.db import transaction
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import dashboard_views, indicator_views, views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("directions", views.DirectionViewSet, basename="direction")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("documents", dashboard_views.DocumentViewSet, basename="document")
router.register("indicators", indicator_views.IndicatorViewSet, basename="indicator")
router.register("territories", indicator_views.TerritoryViewSet, basename="territory")
router.register("observations", indicator_views.ObservationViewSet, basename="observation")

v1 = [
    *router.urls,
    path("dashboard/overview/", dashboard_views.OverviewView.as_view(), name="dashboard-overview"),
    path("dashboard/scorecard/", dashboard_views.ScorecardView.as_view(), name="dashboard-scorecard"),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    # The description reads no data: no transaction for it.
    path("schema/", transaction.non_atomic_requests(SpectacularAPIView.as_view()), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view()),  # any address, one with a line break too
]
