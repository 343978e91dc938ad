import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from plans import services
from plans.models import BudgetLine, Evidence, Measure, Notification, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db


S = Submission.Status
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf(name="order.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office(name, part):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(part, "<xml/>")
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture
def world():
    agency = f.AgencyFactory(code="ІІМ")
    other = f.AgencyFactory(code="Еңбекмині")
    measure = f.MeasureFactory(number=5)
    f.ResponsibilityFactory(measure=measure, agency=agency, is_lead=True)
    f.ResponsibilityFactory(measure=measure, agency=other)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    sub = f.SubmissionFactory(measure=measure, period=period, agency=agency, role=Submission.Role.CONSOLIDATED)
    return {
        "sub": sub,
        "officer": f.UserFactory(username="iim.officer", agency=agency, role=User.Role.OFFICER),
        "other_officer": f.UserFactory(username="enbek.officer", agency=other, role=User.Role.OFFICER),
        "coordinator": f.UserFactory(username="coordinator", role=User.Role.COORDINATOR),
        "reader": f.UserFactory(username="reader", role=User.Role.READER),
        "agency": agency,
    }


def fill(sub, user, **data):
    sub.refresh_from_db()
    return services.submission_save_draft(submission=sub, user=user, data=data, version=sub.version)


def complete(sub, user):
    return fill(
        sub,
        user,
        progress="completed",
        narrative="Ақпарат жолданды.",
        letter_number="12-3/456",
        letter_date=dt.date(2014, 9, 30),
    )


def test_it_saves_a_half_filled_draft_and_keeps_the_text(world):
    sub = fill(world["sub"], world["officer"], narrative="Жартылай жазылған мәтін")
    sub.refresh_from_db()
    assert (sub.status, sub.narrative, sub.version) == (S.DRAFT, "Жартылай жазылған мәтін", 2)
    assert sub.history.first().history_change_reason == "draft saved"
    assert sub.history.first().history_user == world["officer"]


def test_it_refuses_a_stale_version_and_saves_nothing(world):
    sub, officer = world["sub"], world["officer"]
    fill(sub, officer, narrative="first")
    with pytest.raises(services.ConflictError) as err:
        services.submission_save_draft(submission=sub, user=officer, data={"narrative": "second"}, version=1)
    assert "Someone else saved" in str(err.value)
    sub.refresh_from_db()
    assert (sub.narrative, sub.version) == ("first", 2)


@time_machine.travel(dt.datetime(2014, 10, 3, 10, tzinfo=dt.UTC))
def test_it_submits_on_time_straight_to_the_ministry_without_a_head(world):
    sub = complete(world["sub"], world["officer"])
    sub = services.submission_submit(submission=sub, user=world["officer"])
    assert (sub.status, sub.days_late, sub.submitted_by) == (S.SUBMITTED, 0, world["officer"])


def test_it_counts_days_late_on_the_almaty_calendar(world):
    sub = complete(world["sub"], world["officer"])
    # 7 October 19:30 UTC is already 8 October in Almaty: three days after the 5th.
    with time_machine.travel(dt.datetime(2014, 10, 7, 19, 30, tzinfo=dt.UTC)):
        sub = services.submission_submit(submission=sub, user=world["officer"])
    assert sub.days_late == 3 and sub.is_late


@time_machine.travel(dt.datetime(2014, 10, 6, 5, tzinfo=dt.UTC))
def test_it_sends_an_officers_report_to_the_head_who_signs_it_off(world):
    head = f.UserFactory(username="iim.head", agency=world["agency"], role=User.Role.HEAD)
    sub = complete(world["sub"], world["officer"])
    sub = services.submission_submit(submission=sub, user=world["officer"])
    assert sub.status == S.SIGNED
    with pytest.raises(PermissionDenied):
        services.submission_sign(submission=sub, user=world["officer"])
    sub = services.submission_sign(submission=sub, user=head)
    assert (sub.status, sub.days_late, sub.submitted_by) == (S.SUBMITTED, 1, world["officer"])


def test_it_lets_a_head_submit_directly(world):
    head = f.UserFactory(username="iim.head", agency=world["agency"], role=User.Role.HEAD)
    sub = services.submission_submit(submission=complete(world["sub"], head), user=head)
    assert sub.status == S.SUBMITTED


def test_it_requires_the_letter_for_completed_information(world):
    sub = fill(world["sub"], world["officer"], progress="completed", narrative="Дайын.")
    with pytest.raises(ValidationError) as err:
        services.submission_submit(submission=sub, user=world["officer"])
    assert set(err.value.message_dict) == {"letter_number", "letter_date"}
    sub.refresh_from_db()
    assert sub.status == S.DRAFT


@pytest.mark.parametrize("kind", [Measure.FormKind.ORDER, Measure.FormKind.DECREE])
def test_it_requires_act_number_date_and_file_for_orders_and_decrees(world, kind):
    sub = world["sub"]
    Measure.objects.filter(pk=sub.measure_id).update(form_kind=kind)
    sub = fill(sub, world["officer"], progress="completed", narrative="Бұйрық қабылданды.")
    with pytest.raises(ValidationError) as err:
        services.submission_submit(submission=sub, user=world["officer"])
    assert set(err.value.message_dict) == {"act_number", "act_date", "evidence"}
    sub = fill(sub, world["officer"], act_number="215", act_date=dt.date(2014, 8, 1))
    services.submission_add_evidence(submission=sub, user=world["officer"], file=pdf())
    assert services.submission_submit(submission=sub, user=world["officer"]).status == S.SUBMITTED


def test_it_requires_a_reason_when_not_completed(world):
    sub = fill(world["sub"], world["officer"], progress="not_completed", narrative="Кешіктірілді.")
    with pytest.raises(ValidationError) as err:
        services.submission_submit(submission=sub, user=world["officer"])
    assert set(err.value.message_dict) == {"reason"}


def test_it_refuses_spending_above_the_budget_left_without_a_reason(world):
    sub = world["sub"]
    BudgetLine.objects.create(measure=sub.measure, year=2014, amount=Decimal("1000"))
    done = f.SubmissionFactory(
        measure=sub.measure,
        period=f.PeriodFactory(plan=sub.measure.plan, number=2),
        agency=world["agency"],
        status=S.ACCEPTED,
        spent=Decimal("800"),
    )
    assert services.budget_left(sub) == Decimal("200") and done.pk
    sub = fill(sub, world["officer"], progress="in_progress", narrative="Жұмыс жүріп жатыр.", spent=Decimal("300"))
    with pytest.raises(ValidationError) as err:
        services.submission_submit(submission=sub, user=world["officer"])
    assert "200" in err.value.message_dict["overspend_reason"][0]
    sub = fill(sub, world["officer"], overspend_reason="Қосымша қаржы бөлінді.")
    assert services.submission_submit(submission=sub, user=world["officer"]).status == S.SUBMITTED


def submitted(world):
    sub = complete(world["sub"], world["officer"])
    return services.submission_submit(submission=sub, user=world["officer"])


def test_it_accepts_locks_and_notifies_the_authors(world, django_capture_on_commit_callbacks):
    sub = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.submission_accept(submission=sub, user=world["coordinator"])
    assert (sub.status, sub.reviewed_by) == (S.ACCEPTED, world["coordinator"])
    note = Notification.objects.get(user=world["officer"])
    assert note.kind == "accepted" and "report accepted" in note.message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["iim.officer@example.kz"]
    with pytest.raises(PermissionDenied):
        fill(sub, world["officer"], narrative="changed after acceptance")
    with pytest.raises(PermissionDenied):
        services.submission_add_evidence(submission=sub, user=world["officer"], file=pdf())
    sub.refresh_from_db()
    assert sub.narrative == "Ақпарат жолданды."


def test_it_returns_with_a_reason_and_the_agency_resubmits(world):
    sub = submitted(world)
    with pytest.raises(ValidationError):
        services.submission_return(submission=sub, user=world["coordinator"], reason="  ")
    sub = services.submission_return(submission=sub, user=world["coordinator"], reason="Хат нөмірін тексеріңіз")
    assert (sub.status, sub.times_returned, sub.return_reason) == (S.RETURNED, 1, "Хат нөмірін тексеріңіз")
    assert Notification.objects.filter(user=world["officer"], kind="returned").exists()
    sub = fill(sub, world["officer"], letter_number="12-3/457")
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)):
        again = services.submission_submit(submission=sub, user=world["officer"])
    # Lateness is the first submission's; correcting a returned report does not add to it.
    assert (again.status, again.days_late, again.submitted_at) == (S.SUBMITTED, sub.days_late, sub.submitted_at)


def test_it_lets_only_a_coordinator_review_and_reopen_with_a_reason(world):
    sub = submitted(world)
    for user in (world["officer"], world["reader"], world["other_officer"]):
        with pytest.raises(PermissionDenied):
            services.submission_accept(submission=sub, user=user)
    sub = services.submission_accept(submission=sub, user=world["coordinator"])
    with pytest.raises(PermissionDenied):
        services.submission_reopen(submission=sub, user=world["officer"], reason="x")
    with pytest.raises(ValidationError):
        services.submission_reopen(submission=sub, user=world["coordinator"], reason="")
    sub = services.submission_reopen(submission=sub, user=world["coordinator"], reason="Сома қате")
    assert sub.status == S.RETURNED
    assert Notification.objects.filter(user=world["officer"], kind="reopened").exists()
    assert fill(sub, world["officer"], narrative="Түзетілді").narrative == "Түзетілді"
    reasons = list(sub.history.values_list("history_change_reason", flat=True))
    assert reasons[:3] == ["draft saved", "reopened", "accepted"]


def test_it_refuses_other_agencies_and_readers(world):
    for user in (world["other_officer"], world["reader"], world["coordinator"]):
        with pytest.raises(PermissionDenied):
            fill(world["sub"], user, narrative="x")
    world["sub"].refresh_from_db()
    assert world["sub"].narrative == "" and world["sub"].version == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "virus.exe: files of this type are not accepted"),
        (SimpleUploadedFile("scan.pdf", b"GIF89a not a pdf"), "scan.pdf is not really a PDF file"),
        (office("report.docx", "xl/workbook.xml"), "report.docx is not really a DOCX file"),
        (SimpleUploadedFile("photo.png", b"\xff\xd8\xff\xe0jpeg"), "photo.png is not really a PNG file"),
    ],
)
def test_it_rejects_evidence_of_the_wrong_type_and_saves_nothing(world, upload, message):
    with pytest.raises(ValidationError) as err:
        services.submission_add_evidence(submission=world["sub"], user=world["officer"], file=upload)
    assert message in err.value.messages[0]
    assert not Evidence.objects.exists()


def test_it_rejects_evidence_that_is_too_big(world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as err:
        services.submission_add_evidence(
            submission=world["sub"], user=world["officer"], file=pdf(content=PDF + b"0" * 2000)
        )
    assert "order.pdf is too big" in err.value.messages[0]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        pdf(),
        office("plan.docx", "word/document.xml"),
        office("budget.xlsx", "xl/workbook.xml"),
        SimpleUploadedFile("photo.JPG", b"\xff\xd8\xff\xe0rest"),
        SimpleUploadedFile("chart.png", b"\x89PNG\r\n\x1a\nrest"),
    ],
)
def test_it_accepts_each_evidence_type(world, upload):
    evidence = services.submission_add_evidence(submission=world["sub"], user=world["officer"], file=upload)
    assert evidence.name == upload.name and evidence.file.read(2)
