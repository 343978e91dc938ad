"""Dashboard pages are cached per data generation and never shown stale: after every kind of write
the page a user gets equals the page computed afresh, and no scope sees another scope's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from dashboards import page_cache
from plans import services
from plans.models import Agency, DataGeneration, Measure, Submission
from tests import factories as f
from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

PAGES = ["dashboards:overview", "dashboards:scorecard", "dashboards:overdue", "dashboards:budget"]
S = Submission.Status
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _main(response) -> str:
    """What the page shows below the site's header (which carries per-request CSRF tokens)."""
    assert response.status_code == 200
    # from the dashboard's tabs on: the messages above them are shown once, to one user
    return re.search(r'<nav class="tabs".*</main>', response.content.decode(), re.S).group(0)


def _pages(c, agency=None) -> list[str]:
    params = {"plan": "dash", **({"agency": agency.pk} if agency else {})}
    return [_main(c.get(reverse(name), params)) for name in PAGES]


def _assert_fresh(c, agency=None) -> list[str]:
    """The pages as served (from the cache where it has them) equal the pages computed afresh."""
    served = _pages(c, agency)
    page_cache.clear()
    fresh = _pages(c, agency)
    assert served == fresh
    return served


def _queries(ctx) -> int:
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


def test_it_serves_a_repeat_view_from_the_cache_with_few_queries(client, dash):
    c = client_for(client, dash.users.coordinator)
    for name in PAGES + ["dashboards:agency_home"]:
        params = {"plan": "dash", "agency": dash.mn.pk}
        with CaptureQueriesContext(connection) as first:
            page = _main(c.get(reverse(name), params))
        with CaptureQueriesContext(connection) as again:
            assert _main(c.get(reverse(name), params)) == page
        # the session, the user, the generation (and on PostgreSQL the statement that renews it at
        # once if this transaction wrote), the agency and the plan asked for (the access checks,
        # made on every request) and the header's unread notifications
        assert _queries(again) <= 7 and _queries(first) > 10, name


def test_it_shows_each_workflow_step_at_once(client, dash, django_capture_on_commit_callbacks):
    coordinator = client_for(client, dash.users.coordinator)
    users, sub = dash.users, dash.subs.m2q3
    before = _assert_fresh(coordinator)
    steps = [
        lambda s: services.submission_save_draft(
            submission=s,
            user=users.officer,
            data={"progress": "completed", "narrative": "Ақпарат жолданды.", "letter_number": "12-3/456"}
            | {"letter_date": dt.date(2014, 9, 30)},
            version=s.version,
        ),
        lambda s: services.submission_submit(submission=s, user=users.officer),
        lambda s: services.submission_sign(submission=s, user=users.head),
        lambda s: services.submission_return(submission=s, user=users.coordinator, reason="Нөмірін тексеріңіз"),
        lambda s: services.submission_submit(submission=s, user=users.officer),
        lambda s: services.submission_sign(submission=s, user=users.head),
        lambda s: services.submission_accept(submission=s, user=users.coordinator),
        lambda s: services.submission_reopen(submission=s, user=users.coordinator, reason="Сома қате"),
    ]
    shown = [before]
    for step in steps:
        sub.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            step(sub)
        shown.append(_assert_fresh(coordinator))
    sub.refresh_from_db()
    assert sub.status == S.RETURNED
    assert shown[-1] != before  # the steps did change what the dashboards show


def test_it_shows_an_opened_period_an_amended_plan_and_an_admin_edit(client, dash):
    coordinator = client_for(client, dash.users.coordinator)
    _assert_fresh(coordinator)
    services.period_open(period=dash.periods[4])
    _assert_fresh(coordinator)
    # a plan amendment writes the plan's tables in bulk, without any model's save()
    Measure.objects.filter(pk=dash.measures[2].pk).update(title_kk="Жаңа редакциядағы іс-шара")
    assert "Жаңа редакциядағы іс-шара" in "".join(_assert_fresh(coordinator))
    admin = f.UserFactory(username="admin", role=User.Role.COORDINATOR, is_staff=True, is_superuser=True)
    client_for(client, admin)
    form = {"code": "МИН", "name_kk": "Экономика министрлігі (өзгертілген)", "name_ru": "", "name_en": ""}
    form |= {"kind": Agency.Kind.MINISTRY, "territory": ""}
    response = client.post(reverse("admin:plans_agency_change", args=[dash.mn.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    client_for(client, dash.users.coordinator)
    page = _assert_fresh(coordinator, agency=dash.mn)
    assert "Экономика министрлігі (өзгертілген)" in "".join(page)


def test_it_shows_a_write_made_by_another_process(client, dash):
    """Another gunicorn worker or box writes with its own connection and its own cache: this
    process's cached pages are left behind because the generation changed with the data."""
    coordinator = client_for(client, dash.users.coordinator)
    token = DataGeneration.current()
    _assert_fresh(coordinator)
    with connection.cursor() as cursor:  # raw SQL: no Django code of the writer runs here
        cursor.execute("UPDATE plans_submission SET status = %s WHERE id = %s", [S.ACCEPTED, dash.subs.m2q4.pk])
    assert DataGeneration.current() != token
    _assert_fresh(coordinator)


def test_it_never_serves_one_scopes_page_to_another(client, dash):
    coordinator = client_for(client, dash.users.coordinator)
    ministry = _pages(coordinator)
    assert "АЛМ" in "".join(ministry)
    officer = client_for(client, dash.users.officer)
    own = _pages(officer)
    assert own != ministry and "Алматы қаласының әкімдігі" not in "".join(own)
    page_cache.clear()
    assert _pages(officer) == own
    akimat = client_for(client, dash.users.akimat)
    assert _pages(akimat) != own


def test_it_keeps_one_page_per_language(client, dash):
    c = client_for(client, dash.users.coordinator)
    english = _pages(c)
    c.cookies["django_language"] = "ru"
    dash.users.coordinator.language = "ru"
    russian = [_main(c.get(reverse(name), {"plan": "dash"}, HTTP_ACCEPT_LANGUAGE="ru")) for name in PAGES]
    assert russian != english


def _tables_read(queries) -> set[str]:
    """The tables the queries read, but the signed-in user's own row and agency (the scope is keyed
    by them)."""
    agency = r'(LEFT OUTER JOIN "plans_agency" ON \(.*\) )?'
    signed_in = re.compile(rf'FROM "accounts_user" {agency}WHERE "accounts_user"."id" = \S+$')
    sql = [q["sql"] for q in queries if not signed_in.search(q["sql"])]
    return {t for q in sql for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q)}


def _tables_with_the_trigger() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'plans_data_generation'")
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'plans_data_gen%'")
        return {row[0].strip('"') for row in cursor.fetchall()}


def test_it_renews_the_generation_with_every_table_a_dashboard_reads(client, dash):
    """A table a dashboard starts to read must get the trigger (see plans migration 0011), or its
    changes would not reach cached pages: the pages' queries name no other table."""
    read: set[str] = set()
    for user, agency in ((dash.users.coordinator, dash.mn), (dash.users.coordinator, None), (dash.users.officer, None)):
        c = client_for(client, user)
        with CaptureQueriesContext(connection) as ctx:
            _pages(c, agency)
            c.get(reverse("dashboards:agency_home"), {"plan": "dash", **({"agency": agency.pk} if agency else {})})
        read |= _tables_read(ctx.captured_queries)
        page_cache.clear()
    outside = {"django_session", "plans_datageneration"}
    assert read - outside <= _tables_with_the_trigger(), read - outside - _tables_with_the_trigger()
    assert "plans_submission" in read


@pytest.mark.django_db(transaction=True)
def test_it_lets_a_review_and_an_officers_save_of_the_same_measure_run_side_by_side():
    """The generation's row is locked only while committing: a coordinator's transaction that
    goes on to close an officer's report (locked by the officer's save) waits for that save and
    then commits, instead of the two waiting on each other over the generation."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's row locks")
    import threading

    import psycopg

    a, c = f.SubmissionFactory(), f.SubmissionFactory()
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    with psycopg.connect(url) as officer, psycopg.connect(url) as coordinator:
        officer.execute("SELECT id FROM plans_submission WHERE id = %s FOR UPDATE", [c.pk])
        coordinator.execute("UPDATE plans_submission SET narrative = 'accepted' WHERE id = %s", [a.pk])
        officer.execute("UPDATE plans_submission SET narrative = 'saved' WHERE id = %s", [c.pk])
        token = DataGeneration.current()
        outcome = []

        def review():
            coordinator.execute("UPDATE plans_submission SET status = 'closed' WHERE id = %s", [c.pk])
            coordinator.commit()
            outcome.append("committed")

        thread = threading.Thread(target=review)
        thread.start()
        thread.join(0.3)
        assert DataGeneration.current() == token  # nothing committed yet, nothing renewed
        officer.commit()
        thread.join(10)
    assert outcome == ["committed"] and DataGeneration.current() != token
