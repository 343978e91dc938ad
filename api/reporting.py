"""Everything the API takes from the ``dashboards`` and ``reports`` apps, in one place: the dashboards' selectors and
the generated documents with who may see them."""

from dashboards import selectors as dashboard_selectors
from reports.access import get_report_for_user, visible_reports
from reports.models import GeneratedReport

__all__ = ["GeneratedReport", "dashboard_selectors", "get_report_for_user", "visible_reports"]
