"""Statements (``ops.statements``): the hot queries written by the ORM once per process give the
ORM's own results for every value, and a query that cannot be written once is refused."""

import contextlib
import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, connections
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from ops.statements import Statement, StatementError, statement
from plans import access
from plans.models import Submission
from tests import factories as f

pytestmark = pytest.mark.django_db


def reports(agency, due):
    return (
        access.agency_submissions(agency)
        .filter(Q(due__lte=due) | Q(status__in=Submission.OUTSTANDING))
        .select_related("period__plan", "measure", "agency")
        .order_by("measure__number", "pk")
    )


def shape(rows):
    return [(r.pk, r.period.plan.code, r.measure.number, r.agency.code, r.status) for r in rows]


def test_it_gives_the_orms_own_rows_for_every_value():
    lead, other = f.AgencyFactory.create_batch(2)
    measures = []
    for number in range(1, 4):
        measure = f.MeasureFactory(number=number)
        f.ResponsibilityFactory(measure=measure, agency=lead, is_lead=True)
        f.ResponsibilityFactory(measure=measure, agency=other, is_lead=False)
        measures.append(measure)
    hidden = f.MeasureFactory(number=9, classified=True)
    period = f.PeriodFactory(plan=measures[0].plan)
    for i, measure in enumerate([*measures, hidden]):
        status = (Submission.Status.DUE, Submission.Status.ACCEPTED)[i % 2]
        f.SubmissionFactory(period=period, measure=measure, agency=lead, due=dt.date(2015, 1, 5 + i), status=status)
        f.SubmissionFactory(period=period, measure=measure, agency=other, due=dt.date(2015, 1, 5 + i), status=status)
    run = Statement(reports, {"agency": int, "due": dt.date})
    for agency in (lead.pk, other.pk, 0):
        for due in (dt.date(2015, 1, 4), dt.date(2015, 1, 6), dt.date(2016, 1, 1)):
            assert shape(run(agency=agency, due=due)) == shape(reports(agency, due))
    assert shape(run(agency=lead.pk, due=dt.date(2016, 1, 1)))  # the lead sees its co-executors too
    assert hidden.pk not in {r.measure_id for r in run(agency=lead.pk, due=dt.date(2016, 1, 1))}


def test_it_builds_the_query_once_and_then_only_runs_it():
    built = []

    @statement(pk=int)
    def one(pk):
        built.append(pk)
        return Submission.objects.filter(pk=pk)

    first, second = f.SubmissionFactory.create_batch(2)
    assert [s.pk for s in one(pk=first.pk)] == [first.pk]
    with CaptureQueriesContext(connection) as queries:
        assert [s.pk for s in one(pk=second.pk)] == [second.pk]
    assert len(built) == 2  # the two compilations with stand-ins, never a real value
    assert first.pk not in built and second.pk not in built
    assert len(queries) == 1


def test_each_thread_runs_it_on_its_own_connection():
    """Django's connections are per thread: a statement compiled in one thread must not run on
    that thread's connection from another."""

    @statement(pk=int)
    def one(pk):
        return Submission.objects.filter(pk=pk)

    report = f.SubmissionFactory()
    assert one(pk=report.pk)  # compiled here
    seen = {}

    def elsewhere():
        # It finds nothing there (the row is in this test's open transaction) or, on SQLite in
        # memory, not even the table: either way, it ran there.
        with CaptureQueriesContext(connection) as queries, contextlib.suppress(DatabaseError):
            one(pk=report.pk)
        seen["connection"], seen["queries"] = connections["default"], len(queries)
        connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen["connection"] is not connections["default"]
    assert seen["queries"] == 1  # on the other thread's connection, as its capture saw


@pytest.mark.parametrize(
    ("build", "types", "message"),
    [
        (
            lambda due: Submission.objects.filter(due=due).filter(**({"status": "due"} if due.year % 2 else {})),
            {"due": dt.date},
            "depends",
        ),
        (lambda text: Submission.objects.filter(narrative__contains=text), {"text": str}, "derived"),
        (lambda pk, due: Submission.objects.filter(pk=pk), {"pk": int, "due": dt.date}, "not used"),
    ],
    ids=["shape depends on the value", "value turned into other values", "value not used"],
)
def test_it_refuses_a_query_it_cannot_write_once(build, types, message):
    with pytest.raises(StatementError, match=message):
        values = {"pk": 7, "due": dt.date(2015, 1, 5), "text": "Ақпарат"}
        Statement(build, types)(**{name: values[name] for name in types})


def test_it_refuses_a_value_of_another_type():
    one = Statement(lambda pk: Submission.objects.filter(pk=pk), {"pk": int})
    for wrong in ("7", None, True, 7.0):
        with pytest.raises(StatementError, match="pk must be int"):
            one(pk=wrong)
    with pytest.raises(StatementError, match="takes"):
        one(id=7)
    with pytest.raises(StatementError, match="no stand-in"):
        Statement(lambda pk: Submission.objects.filter(pk=pk), {"pk": float})


def test_an_integer_no_column_can_hold_matches_what_the_orm_says_it_matches():
    report = f.SubmissionFactory()
    one = Statement(lambda pk: Submission.objects.filter(pk=pk), {"pk": int})
    after = Statement(lambda pk: Submission.objects.filter(pk__gt=pk), {"pk": int})
    assert one(pk=report.pk) == [report]
    assert one(pk=10**30) == [] and one(pk=-(10**30)) == []  # SQLite would refuse to bind them
    assert after(pk=-(10**30)) == [report] and after(pk=10**30) == []
