from django.urls import path

from . import document_views, views

app_name = "reports"

urlpatterns: list = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("budget/", views.BudgetView.as_view(), name="budget"),
    path("agency/", views.AgencyHomeView.as_view(), name="agency_home"),
    path("documents/", document_views.document_list, name="document_list"),
    path("documents/request/", document_views.document_request, name="document_request"),
    path("documents/<int:pk>/", document_views.document_status, name="document_status"),
    path("documents/<int:pk>/pdf/", document_views.document_download, name="document_download"),
    path("documents/<int:pk>/html/", document_views.document_html, name="document_html"),
    path("documents/<int:pk>/final/", document_views.document_finalize, name="document_finalize"),
    path("documents/<int:pk>/send/", document_views.document_send, name="document_send"),
]
