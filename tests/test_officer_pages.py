"""The pages every officer opens on deadline day stay what they were while costing less: the
report form shows the same fields as Django's own widgets would, and the header's bell always
equals a fresh count through every workflow step."""

import copy
import datetime as dt
import re
from unittest import mock

import pytest
import time_machine
from django import forms
from django.db import connection
from django.forms import widgets as django_widgets
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.models import User
from plans import services
from plans.forms import SubmissionForm
from plans.models import Notification, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db
S = Submission.Status
BELL = re.compile(r'<span class="badge" aria-hidden="true">(\d+)</span>')


@pytest.fixture
def w():
    agency = f.AgencyFactory(code="ІІМ")
    measure = f.MeasureFactory(number=7)
    f.ResponsibilityFactory(measure=measure, agency=agency, is_lead=True)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    return {
        "sub": f.SubmissionFactory(measure=measure, period=period, agency=agency, role=Submission.Role.OWN),
        "officer": f.UserFactory(username="iim.officer", agency=agency, language="en"),
        "head": f.UserFactory(username="iim.head", agency=agency, role=User.Role.HEAD, language="en"),
        "coordinator": f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, language="en"),
    }


def _django_html(bound) -> str:
    """The field as Django's template-rendered widget of the same kind would show it."""
    stock = copy.copy(bound.field.widget)
    stock.__class__ = next(c for c in type(stock).__mro__ if c.__module__ == django_widgets.__name__)
    return bound.as_widget(widget=stock)


@pytest.mark.parametrize("role", [Submission.Role.OWN, Submission.Role.CONTRIBUTION])
def test_it_shows_the_report_form_as_djangos_widgets_would(w, role):
    sub = w["sub"]
    sub.role, sub.narrative, sub.letter_date, sub.spent, sub.progress = (
        role,
        'A & "b" <c>\nd',
        dt.date(2014, 10, 1),
        5,
        "completed",
    )
    for form in (
        SubmissionForm(instance=sub, initial={"version": 3}),
        SubmissionForm({"version": "x", "spent": "-1", "narrative": "<b>", "progress": "bogus"}, instance=sub),
    ):
        form.is_valid()
        for bound in form:
            ours, django = bound.as_widget(), _django_html(bound)
            assert re.sub(r">\s+<", "><", ours) == re.sub(r">\s+<", "><", django), bound.name
            odd = {"class": 'x "&<', "hidden": True, "data-x": mark_safe("<i>"), "data-n": 3, "off": False}
            labels = (bound.label_tag(), bound.label_tag(attrs=dict(odd)), bound.legend_tag())
            with mock.patch.object(SubmissionForm, "render", forms.BaseForm.render):  # Django's label.html
                assert labels == (bound.label_tag(), bound.label_tag(attrs=dict(odd)), bound.legend_tag()), bound.name
            assert f'for="{bound.id_for_label}"' in labels[0]


def _bell(client, user) -> int:
    client.force_login(user)
    page = client.get(reverse("plans:my_quarter") if user.is_agency_staff else reverse("plans:review_queue"))
    shown = BELL.search(page.content.decode())
    return int(shown.group(1)) if shown else 0


def _fresh(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


@time_machine.travel(dt.datetime(2014, 10, 2, 6, tzinfo=dt.UTC))
def test_it_keeps_the_bell_equal_to_a_fresh_count_through_the_workflow(w, client):
    officer, head, coordinator, sub = w["officer"], w["head"], w["coordinator"], w["sub"]
    data = {
        "progress": "in_progress",
        "narrative": "Жұмыс жүргізілуде",
        "letter_number": "1",
        "letter_date": "2014-10-01",
    }

    def check():
        for user in (officer, head, coordinator):
            assert _bell(client, user) == _fresh(user), user.username

    check()
    sub = services.submission_save_draft(submission=sub, user=officer, version=sub.version, data=data)
    sub = services.submission_submit(submission=sub, user=officer)  # the head is told
    assert sub.status == S.SIGNED and _fresh(head) == 1
    check()
    sub = services.submission_sign(submission=sub, user=head)
    services.submission_return(submission=sub, user=coordinator, reason="Хат нөмірі жоқ")  # the authors are told
    assert _fresh(officer) >= 1
    check()
    client.force_login(officer)
    client.post(reverse("plans:notifications"))  # all read
    check()
    assert _bell(client, officer) == 0


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_it_names_a_reports_status_role_and_progress_as_django_would(language):
    from django.utils import translation

    with translation.override(language):
        for name in ("status", "role", "progress"):
            field = Submission._meta.get_field(name)
            for value in [*(v for v, _ in field.choices), "", "unknown"]:
                sub = Submission(**{name: value})
                ours = getattr(sub, f"get_{name}_display")()
                assert ours == sub._get_FIELD_display(field) and type(ours) is str, (name, value)


NAV = re.compile(r'<nav class="mainnav"[^>]*>(.*?)</nav>', re.S)


def test_it_shows_each_role_its_own_menu_in_its_language_though_menus_are_kept(client):
    from django.template.loader import render_to_string
    from django.utils import translation

    agency = f.AgencyFactory()
    users = [
        f.UserFactory(role=role, agency=agency if role in (User.Role.OFFICER, User.Role.HEAD) else None)
        for role in User.Role.values
    ]
    users.append(f.UserFactory(role=User.Role.COORDINATOR, is_staff=True, is_superuser=True))
    for _ in range(2):  # the second round is served from the kept menus
        for language in ("kk", "ru", "en"):
            for user in users:
                user.language = language
                user.save(update_fields=["language"])
                client.force_login(user)
                shown = NAV.search(client.get(reverse("plans:plan_list")).content.decode()).group(1)
                with translation.override(language):
                    fresh = render_to_string("_nav.html", {"user": user})
                assert shown.strip() == fresh.strip(), (user.role, user.is_staff, language)


ROW = re.compile(r"<tr>\s*<td>(\d+)</td>(.*?)</tr>", re.S)


@time_machine.travel(dt.datetime(2014, 10, 9, 6, tzinfo=dt.UTC))  # Q3 2014 was due on 5 October
@pytest.mark.parametrize(
    ("language", "late", "overdue", "returned", "closed", "fill_in"),
    [
        ("en", "late 2 days", "4 days overdue", "Returned by the ministry", "was accepted on", "Fill in"),
        ("ru", "опоздание 2 дня", "просрочено на 4 дня", "Возвращено министерством", "принят", "Заполнить"),
        ("kk", "2 күн кешікті", "мерзімі 4 күнге өтті", "Министрлік қайтарды", "қабылданды", "Толтыру"),
    ],
)
def test_it_shows_every_kind_of_row_on_my_quarter(client, language, late, overdue, returned, closed, fill_in):
    agency, other = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="Еңбекмині")
    plan = f.PlanFactory()
    period = f.PeriodFactory(plan=plan, year=2014, number=3)
    officer = f.UserFactory(agency=agency, language=language)
    coordinator = f.UserFactory(role=User.Role.COORDINATOR)

    def report(number, **fields):
        measure = f.MeasureFactory(plan=plan, number=number, title=f"Іс-шара {number} <b>")
        return f.SubmissionFactory(measure=measure, period=period, agency=agency, **fields)

    due = report(1, occurrence=dt.date(2014, 8, 15))
    draft = report(2, status=S.DRAFT)
    returned_ = report(3, status=S.RETURNED, return_reason="Хат нөмірі <жоқ> " + "ә" * 400)
    submitted = report(4, status=S.SUBMITTED, days_late=2)
    closer = f.SubmissionFactory(
        measure=f.MeasureFactory(plan=plan, number=9), period=period, agency=other, status=S.ACCEPTED
    )
    closer.reviewed_at, closer.reviewed_by = dt.datetime(2014, 10, 7, 20, tzinfo=dt.UTC), coordinator
    closer.save()
    closed_ = report(5, status=S.CLOSED, closed_by=closer)

    client.force_login(officer)
    html = client.get(reverse("plans:my_quarter")).content.decode()
    rows = {int(n): cells for n, cells in ROW.findall(html)}
    assert sorted(rows) == [1, 2, 3, 4, 5]
    edit, detail = "plans:submission_edit", "plans:submission_detail"
    assert f'href="{reverse(edit, args=[due.pk])}">{fill_in}</a>' in rows[1] and overdue in rows[1]
    assert "Іс-шара 1 &lt;b&gt;" in rows[1] and ("15.08.2014" in rows[1] or "15 Aug 2014" in rows[1])
    assert f'href="{reverse(edit, args=[draft.pk])}"' in rows[2] and overdue in rows[2]
    assert f'href="{reverse(edit, args=[returned_.pk])}"' in rows[3] and returned in rows[3]
    assert "Хат нөмірі &lt;жоқ&gt;" in rows[3] and "ә" * 400 not in rows[3]
    assert f'href="{reverse(detail, args=[submitted.pk])}"' in rows[4] and late in rows[4] and overdue not in rows[4]
    assert f'href="{reverse(detail, args=[closed_.pk])}"' in rows[5] and "Еңбекмині" in rows[5] and closed in rows[5]
    assert ("08 Oct 2014" if language == "en" else "08.10.2014") in rows[5]  # the day it was accepted, in Almaty
    for n, sub in zip([1, 2, 3, 4, 5], [due, draft, returned_, submitted, closed_], strict=True):
        assert f'<span class="status s-{sub.status}">{sub.get_status_display()}</span>' in rows[n]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's (run with DATABASE_URL=postgres://…)",
)
def test_it_stops_postgresql_planning_an_officers_page_again_and_again(client, w):
    client.force_login(w["officer"])
    for _ in range(7):
        assert client.get(reverse("plans:my_quarter")).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "plans_submission"' in sql for sql in prepared), prepared
