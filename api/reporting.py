"""Everything the API takes from the ``reports`` app, in one place: the dashboards' selectors and
the generated documents with who may see them."""

from reports import selectors as dashboard_selectors
from reports.document_services import get_report_for_user, visible_reports
from reports.models import GeneratedReport

__all__ = ["GeneratedReport", "dashboard_selectors", "get_report_for_user", "visible_reports"]
