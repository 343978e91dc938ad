import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from plans import services
from plans.models import Evidence, MeasureDueDate, Notification, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db


S = Submission.Status


@pytest.fixture
def world():
    lead, co = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="Еңбекмині")
    measure = f.MeasureFactory(number=12, title="Көшіп-қонушыларды тіркеу", schedule={})
    MeasureDueDate.objects.create(measure=measure, due=dt.date(2014, 7, 5))
    f.ResponsibilityFactory(measure=measure, agency=lead, is_lead=True)
    f.ResponsibilityFactory(measure=measure, agency=co)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    services.period_open(period=period)
    return {
        "report": Submission.objects.get(agency=lead),
        "contribution": Submission.objects.get(agency=co),
        "officer": f.UserFactory(username="iim.officer", agency=lead),
        "co_officer": f.UserFactory(username="enbek.officer", agency=co),
        "coordinator": f.UserFactory(username="coordinator", role=User.Role.COORDINATOR),
    }


def edit(client, sub, **data):
    return client.post(
        reverse("plans:submission_edit", args=[sub.pk]), {"action": "save", "version": sub.version, **data}
    )


@time_machine.travel(dt.datetime(2014, 10, 2, 6, tzinfo=dt.UTC))
def test_it_lists_my_quarter_with_days_left(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("plans:my_quarter")).content.decode()
    assert "2014Q3" in html and "3 days left" in html and "Көшіп-қонушыларды тіркеу" in html
    assert 'class="status s-due"' in html


@time_machine.travel(dt.datetime(2014, 10, 9, 6, tzinfo=dt.UTC))
def test_it_marks_overdue_reports_in_red(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("plans:my_quarter")).content.decode()
    assert "4 days overdue" in html and "s-overdue" in html and 'class="late"' in html


def test_it_gives_the_second_editor_their_text_back_on_a_conflict(client, world):
    sub = world["report"]
    client.force_login(world["officer"])
    assert edit(client, sub, narrative="Бірінші нұсқа").status_code == 302
    response = edit(client, sub, narrative="Менің мәтінім")  # still version 1: stale
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this report" in html
    assert "Менің мәтінім" in html and "Бірінші нұсқа" in html
    sub.refresh_from_db()
    assert sub.narrative == "Бірінші нұсқа"


def test_it_rejects_a_bad_file_with_its_name_and_saves_nothing(client, world):
    sub = world["report"]
    client.force_login(world["officer"])
    bad = SimpleUploadedFile("act.pdf", b"not a pdf at all")
    html = edit(client, sub, narrative="Жоғалмайтын мәтін", evidence=[bad]).content.decode()
    assert "act.pdf is not really a PDF file" in html and "Жоғалмайтын мәтін" in html
    sub.refresh_from_db()
    assert (sub.narrative, sub.version, Evidence.objects.count()) == ("", 1, 0)


def test_it_uploads_several_files_at_once(client, world):
    sub = world["report"]
    client.force_login(world["officer"])
    files = [SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\nb")]
    edit(client, sub, narrative="Екі файл", evidence=files)
    assert sorted(Evidence.objects.filter(submission=sub).values_list("name", flat=True)) == ["a.pdf", "b.png"]


def test_it_records_each_file_added_and_removed_in_the_report_history(client, world):
    sub = world["report"]
    client.force_login(world["officer"])
    edit(client, sub, narrative="Файлмен", evidence=[SimpleUploadedFile("бұйрық.pdf", b"%PDF-1.4 a")])
    evidence = Evidence.objects.get(submission=sub)
    client.post(reverse("plans:evidence_delete", args=[evidence.pk]))
    sub.refresh_from_db()
    assert sub.version == 2  # the draft's save; the file itself leaves an open form current
    html = client.get(reverse("plans:submission_detail", args=[sub.pk])).content.decode()
    added = html.index("<em>evidence file added</em> «бұйрық.pdf»")
    removed = html.index("<em>evidence file removed</em> «бұйрық.pdf»")
    assert removed < added  # newest first
    assert html.count("iim.officer") >= 3


def test_it_keeps_the_draft_and_lists_what_is_missing_on_submit(client, world):
    sub = world["report"]
    client.force_login(world["officer"])
    html = edit(client, sub, narrative="Орындалды", progress="completed", action="submit").content.decode()
    assert "cannot be sent yet" in html and "outgoing letter" in html
    sub.refresh_from_db()
    assert (sub.status, sub.narrative) == (S.DRAFT, "Орындалды")


def test_it_shows_the_lead_the_co_executors_contributions(client, world):
    contribution = world["contribution"]
    client.force_login(world["co_officer"])
    edit(client, contribution, narrative="Еңбекминінің үлесі")
    client.force_login(world["officer"])
    html = client.get(reverse("plans:submission_edit", args=[world["report"].pk])).content.decode()
    assert "Co-executors" in html and "Еңбекминінің үлесі" in html


@time_machine.travel(dt.datetime(2014, 10, 2, 6, tzinfo=dt.UTC))
def test_it_shows_each_reports_own_files_beside_it(client, world):
    """A report's files and its co-executors' files are read in one query by measure and period:
    each shows beside its own report, and a draft's files only to its agency and the lead."""
    pdf = b"%PDF-1.4\n%%EOF\n"
    own = SimpleUploadedFile("ІІМ-акт.pdf", pdf)
    theirs = SimpleUploadedFile("Еңбекмині-хат.pdf", pdf)
    services.submission_add_evidence(submission=world["report"], user=world["officer"], file=own)
    services.submission_add_evidence(submission=world["contribution"], user=world["co_officer"], file=theirs)
    client.force_login(world["co_officer"])
    edit(client, world["contribution"], narrative="Еңбекминінің үлесі")
    client.force_login(world["officer"])
    for name in ("plans:submission_edit", "plans:submission_detail"):
        html = client.get(reverse(name, args=[world["report"].pk])).content.decode()
        start = html.index("Co-executors")
        contributions = html[start : html.index("</section>", start)]
        assert "ІІМ-акт.pdf" in html and "ІІМ-акт.pdf" not in contributions, name
        assert "Еңбекмині-хат.pdf" in contributions, name
    client.force_login(world["co_officer"])
    html = client.get(reverse("plans:submission_edit", args=[world["contribution"].pk])).content.decode()
    assert "Еңбекмині-хат.pdf" in html and "ІІМ-акт.pdf" not in html
    client.force_login(world["coordinator"])  # neither report is sent: the ministry reads no files
    html = client.get(reverse("plans:submission_detail", args=[world["report"].pk])).content.decode()
    assert "Еңбекмині-хат.pdf" not in html and "ІІМ-акт.pdf" not in html


def test_it_shows_coordinators_who_has_not_contributed_without_drafts(client, world):
    client.force_login(world["co_officer"])
    edit(client, world["contribution"], narrative="Жоба")
    client.force_login(world["coordinator"])
    html = client.get(reverse("plans:submission_detail", args=[world["report"].pk])).content.decode()
    assert "Еңбекмині" in html and "Not sent yet." in html and "Жоба" not in html


def test_it_reviews_from_the_queue_and_shows_the_history(client, world):
    sub = world["report"]
    client.force_login(world["officer"])
    edit(
        client,
        sub,
        narrative="Ақпарат жолданды",
        progress="completed",
        letter_number="5-1/77",
        letter_date="2014-09-30",
        action="submit",
    )
    client.force_login(world["coordinator"])
    queue = client.get(reverse("plans:review_queue")).content.decode()
    assert reverse("plans:submission_detail", args=[sub.pk]) in queue
    response = client.post(reverse("plans:submission_review", args=[sub.pk]), {"action": "return", "reason": ""})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED
    client.post(
        reverse("plans:submission_review", args=[sub.pk]), {"action": "return", "reason": "Хат күнін тексеріңіз"}
    )
    html = client.get(reverse("plans:submission_detail", args=[sub.pk])).content.decode()
    assert (
        "returned" in html and "Хат күнін тексеріңіз" in html and "Ақпарат жолданды" in html and "iim.officer" in html
    )
    assert (
        reverse("plans:submission_detail", args=[sub.pk])
        not in client.get(reverse("plans:review_queue")).content.decode()
    )


def test_it_lists_notifications_and_marks_them_read(client, world):
    note = Notification.objects.create(
        user=world["officer"], kind="returned", message="2014Q3 · 12: report returned", url="/x/"
    )
    client.force_login(world["officer"])
    assert "report returned" in client.get(reverse("plans:notifications")).content.decode()
    assert client.post(reverse("plans:notifications"), {"id": note.pk})["Location"] == "/x/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_it_sends_agency_staff_home_to_my_quarter(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("home"))["Location"] == reverse("plans:my_quarter")


@pytest.mark.django_db
def test_it_keeps_a_late_submission_in_my_quarter_until_the_ministry_due_date(client):
    sub = f.SubmissionFactory(status=Submission.Status.SUBMITTED, days_late=3)
    officer = f.UserFactory(username="late.officer", agency=sub.agency)
    client.force_login(officer)
    with time_machine.travel(dt.datetime(2014, 4, 8, 10, 0)):
        assert f"/plans/submissions/{sub.pk}/" in client.get("/plans/quarter/").content.decode()
    with time_machine.travel(dt.datetime(2014, 4, 16, 10, 0)):
        assert f"/plans/submissions/{sub.pk}/" not in client.get("/plans/quarter/").content.decode()
