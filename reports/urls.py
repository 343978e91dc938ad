from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "reports"


def _moved(to: str):
    """Old addresses (bookmarks, links in e-mails and notifications) answer with a permanent redirect."""
    return RedirectView.as_view(pattern_name=to, permanent=True, query_string=True)


urlpatterns: list = [
    path("", views.report_list, name="list"),
    path("request/", views.report_request, name="request"),
    path("<int:pk>/", views.report_status, name="status"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/html/", views.report_html, name="html"),
    path("<int:pk>/cover/", views.report_cover, name="cover"),
    path("<int:pk>/final/", views.report_finalize, name="finalize"),
    path("<int:pk>/send/", views.report_send, name="send"),
    # The generated reports lived under /reports/documents/ and the dashboards under /reports/.
    path("documents/", _moved("reports:list")),
    path("documents/<int:pk>/", _moved("reports:status")),
    path("documents/<int:pk>/pdf/", _moved("reports:pdf")),
    path("documents/<int:pk>/html/", _moved("reports:html")),
    path("scorecard/", _moved("dashboards:scorecard")),
    path("overdue/", _moved("dashboards:overdue")),
    path("budget/", _moved("dashboards:budget")),
    path("agency/", _moved("dashboards:agency_home")),
]
