"""Dashboards: plan overview, timeliness scorecard, overdue list, budget and agency home.

Every view asks plans.access which agency it is restricted to (agency staff: their own; another
agency's id gets 404) and reads through dashboards.selectors. Nothing here changes data.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from plans import access, clock
from plans.formatting import collation_key
from plans.models import DataGeneration, Measure, Plan, Submission

from . import charts, exports, page_cache, selectors
from .filters import MeasureFilter, OverviewFilter, SubmissionFilter
from .selectors import State
from .tables import BudgetTable, OverdueTable, ScorecardTable, matrix_rows_html


def _bad_query(query) -> str | None:
    """What is wrong with the query string, if it cannot be used at all. A NUL byte cannot be
    stored or compared by PostgreSQL, so it is refused here rather than failing deep in a filter;
    a malformed agency id too. Any other bad value is an ignored filter, named beside its field."""
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return _("The address contains a NUL character; remove it and try again.")
    agency = query.get("agency")
    if agency and not (agency.isdecimal() and len(agency) < 19):
        return _("“%(value)s” is not an agency number.") % {"value": agency[:40]}
    return None


def _sane_paging(query):
    """The query without a page number or page size django-tables2 cannot use (a negative size
    made its paginator fail): such a value is ignored, as any other bad filter is."""
    limits = {"page": 10**6, "per_page": 500}
    values = {name: query.get(name, "1") for name in limits}
    bad = [name for name, value in values.items() if not (value.isdecimal() and 0 < int(value) <= limits[name])]
    if not bad:
        return query
    query = query.copy()
    for name in bad:
        query.pop(name)
    return query


class DashboardMixin(LoginRequiredMixin):
    """Signed in, the agency scope decided by plans.access, and always one plan: the one asked
    for (404 if the user may not see it) or the current real plan, so no page mixes plans.

    The page's content is cached per data generation (dashboards.page_cache), read here before
    anything the page shows; the site's header around it is rendered for each user."""

    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        problem = _bad_query(request.GET)
        if problem:
            return render(request, "dashboards/bad_query.html", {"problem": problem}, status=400)
        request.GET = _sane_paging(request.GET)
        generation = DataGeneration.current()  # first: every read below is at least this new
        self.today = clock.today()
        page = None if "_export" in request.GET else type(self).__name__  # a download is never cached
        self.cache_key = page and page_cache.page_key(request, page, self.today, generation)
        self.agency = access.dashboard_agency(request.user, request.GET.get("agency"))
        self.plan = self._chosen_plan(request.user, request.GET.get("plan"))
        return super().dispatch(request, *args, **kwargs)

    def _chosen_plan(self, user, code: str | None):
        plans = access.visible_plans(user)
        if code:
            plan = Plan.objects.filter(pk__in=plans.values("pk"), code=code[:40]).first()
            if plan is None:
                raise Http404  # a plan that does not exist or that the user has no part in
            return plan
        return selectors.current_plan(plans, self.today)

    def get(self, request, *args, **kwargs):
        content = page_cache.get(self.cache_key)
        if content is not None:
            return self.page_response(content)
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        # Without the context processors: the header's (the user's unread notifications) are the
        # page's, and the content may use nothing of the user's but the scope it is cached under.
        context = {**context, "request": self.request, "user": self.request.user}
        content = get_template(self.template_name).render(context)
        page_cache.put(self.cache_key, content)
        return self.page_response(content)

    def get_page_title(self) -> str:
        return str(self.page_title)

    def page_response(self, content: str):
        context = {"page_title": self.get_page_title(), "content": mark_safe(content)}  # rendered by our templates
        return render(self.request, "dashboards/page.html", context)

    def filter_data(self):
        """The query with the plan always set, for the filter form."""
        data = self.request.GET.copy()
        if self.plan is not None:
            data["plan"] = self.plan.code
        return data

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {
            **kwargs,
            "data": self.filter_data(),
            "user": self.request.user,
            "agency": self.agency,
            "plan": self.plan,
        }

    def get_context_data(self, **kwargs):
        query = self.filter_data()
        for name in ("page", "sort", "_export"):
            query.pop(name, None)
        scope = QueryDict(mutable=True)
        if self.plan is not None:
            scope["plan"] = self.plan.code
        if self.agency is not None and not self.request.user.is_agency_staff:
            scope["agency"] = self.agency.pk
        return super().get_context_data(
            today=self.today,
            scope_agency=self.agency,
            plan=self.plan,
            query=query.urlencode(),
            scope_query=scope.urlencode(),
            **kwargs,
        )


class TableDashboard(DashboardMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated table that also downloads as ``?_export=csv|xlsx``."""

    export_name = "report"
    strict = False  # an invalid filter value is ignored (and named beside its field), not an empty table

    @property
    def export_format(self) -> str | None:
        return self.request.GET.get("_export")

    def get_table_pagination(self, table):
        return False if self.export_format else super().get_table_pagination(table)

    def get_table_kwargs(self):
        # Sorted as asked from the start: django-tables2 would sort by the default order first.
        sort = self.request.GET.get("sort")
        return {**super().get_table_kwargs(), **({"order_by": sort} if sort else {})}

    def render_to_response(self, context, **kwargs):
        if self.export_format is not None:
            return exports.export_response(
                context["table"], self.export_format, f"{self.export_name}-{self.today:%Y%m%d}"
            )
        return super().render_to_response(context, **kwargs)


def _trend(rows: list[dict]) -> list[tuple[str, dict[str, int]]]:
    return [
        (
            r["period"],
            {
                "accepted": r["on_time"],
                "late": r["late"],
                "returned": r["returned"],
                "missing": r["missing"],
                "due": r["pending"],
            },
        )
        for r in sorted(selectors.rollup(rows, "period_key"), key=lambda r: r["period_key"])
    ]


def _trend_keys() -> list[tuple[str, str]]:
    return [
        ("accepted", _("on time")),
        ("late", _("late")),
        ("returned", _("returned")),
        ("missing", _("missing")),
        ("due", _("not yet due")),
    ]


class ScorecardView(TableDashboard):
    """Timeliness per agency and period: obligations, on time, late (average days), missing,
    returned; the on-time rate counts only obligations whose due date has passed or were sent."""

    page_title = gettext_lazy("Timeliness scorecard")
    template_name = "dashboards/scorecard.html"
    table_class = ScorecardTable
    filterset_class = SubmissionFilter
    export_name = "scorecard"

    def get_queryset(self):
        return selectors.submissions(today=self.today, agency=self.agency, plan=self.plan)

    def get_table_data(self):
        self.rows = selectors.scorecard(self.object_list, self.today, self.plan)
        return self.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_agency = selectors.rollup(self.rows, "agency_code")
        by_agency.sort(key=lambda r: (-(r["rate"] or 0), collation_key(r["agency_code"])))
        context["trend_chart"] = charts.stacked_bars(_trend(self.rows), _trend_keys(), title=_("Reports per period"))
        context["rate_chart"] = charts.horizontal_bars(
            [(r["agency_code"], r["rate"]) for r in by_agency], title=_("On-time rate per agency")
        )
        context["totals"] = (selectors.rollup(self.rows, None) or [None])[0]
        return context


class AgencyHomeView(ScorecardView):
    """One agency's standing: the scorecard restricted to it, with links to its other views."""

    template_name = "dashboards/agency_home.html"

    def get_page_title(self) -> str:
        return self.agency.code if self.agency is not None else ""

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "exclude": ("agency_code", "agency_name")}  # one agency: named above

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_agency_staff and not request.GET.get("agency"):
            return redirect("dashboards:scorecard")
        return super().dispatch(request, *args, **kwargs)


class OverdueView(TableDashboard):
    page_title = gettext_lazy("Overdue reports")
    template_name = "dashboards/overdue.html"
    table_class = OverdueTable
    filterset_class = SubmissionFilter
    export_name = "overdue"

    def get_queryset(self):
        return selectors.submissions(today=self.today, agency=self.agency, plan=self.plan)

    def get_table_kwargs(self):
        return {"today": self.today}

    def get_table_data(self):
        return selectors.overdue(self.object_list, self.today)

    def get_context_data(self, **kwargs):
        hidden = selectors.overdue_reports(
            Submission.objects.filter(measure__classified=True, period__plan=self.plan), self.today
        )
        if self.agency is not None:
            hidden = hidden.filter(agency=self.agency)
        return super().get_context_data(classified_hidden=hidden.count(), **kwargs)


class BudgetView(TableDashboard):
    page_title = gettext_lazy("Budget")
    template_name = "dashboards/budget.html"
    table_class = BudgetTable
    filterset_class = MeasureFilter
    export_name = "budget"

    def get_queryset(self):
        measures = Measure.objects.filter(plan=self.plan)
        return measures.for_agency(self.agency) if self.agency is not None else measures

    def get_table_data(self):
        return selectors.budget_measures(self.object_list, self.agency)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summaries=selectors.budget_summaries(self.object_list, self.agency, self.plan),
            classified_hidden=self.object_list.filter(classified=True).count(),
            **kwargs,
        )


class OverviewView(DashboardMixin, TemplateView):
    """The plan's measures × periods matrix, coloured by consolidated status, with outcomes."""

    page_title = gettext_lazy("Plan overview")
    template_name = "dashboards/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.plan is None:
            return {**context, "overview": None}  # an agency no plan names yet
        filterset = OverviewFilter(
            self.filter_data(),
            queryset=Measure.objects.none(),
            user=self.request.user,
            agency=self.agency,
            plan=self.plan,
        )
        filterset.form.is_valid()  # errors show beside their fields; the valid choices still apply
        direction = filterset.form.cleaned_data.get("direction")
        overview = selectors.plan_overview(plan=self.plan, today=self.today, agency=self.agency, direction=direction)
        matrix_rows_html([row for block in overview.directions for row in block.rows], len(overview.periods))
        overdue = selectors.overdue_reports(
            selectors.submissions(today=self.today, agency=self.agency, plan=self.plan), self.today
        )
        if direction is not None:
            overdue = overdue.filter(measure__direction=direction)
        context.update(
            filter=filterset,
            overview=overview,
            overdue_count=overdue.count(),
            legend=[(s.value, s.label, selectors.MARKS[s]) for s in selectors.State],
            chart=charts.stacked_bars(
                overview.per_period,
                [
                    (s.value, s.label)
                    for s in (State.ACCEPTED, State.SUBMITTED, State.LATE, State.RETURNED, State.MISSING, State.DUE)
                ],
                title=_("Implementation over time"),
            ),
        )
        return context
