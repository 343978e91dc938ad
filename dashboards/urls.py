from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("budget/", views.BudgetView.as_view(), name="budget"),
    path("agency/", views.AgencyHomeView.as_view(), name="agency_home"),
]
