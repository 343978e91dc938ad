import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from plans.models import Agency, Measure, Plan, Reminder, Submission

TODAY = "2026-11-20"
ARGS = ["--plans", "2", "--measures", "40", "--agencies", "6", "--periods", "4", "--today", TODAY]


def _fingerprint():
    return list(
        Submission.objects.order_by(
            "period__plan__code", "period__start", "measure__number", "agency__code"
        ).values_list("period__plan__code", "measure__number", "agency__code", "status", "days_late", "progress")
    )


@pytest.mark.django_db
def test_it_generates_plans_periods_and_a_report_for_every_obligation(capsys):
    call_command("seed_scale", *ARGS)
    assert Plan.objects.filter(code__startswith="scale-").count() == 2
    assert Agency.objects.filter(code__startswith="SCALE-").count() == 6
    assert Measure.objects.filter(classified=True).count() == 2  # one in 40 per plan
    subs = Submission.objects.all()
    assert not subs.filter(measure__classified=True).exists()
    assert subs.filter(period__start__gt=dt.date(2026, 11, 20)).count() == 0
    statuses = set(subs.values_list("status", flat=True))
    assert {Submission.Status.ACCEPTED, Submission.Status.RETURNED, Submission.Status.SUBMITTED} <= statuses
    assert subs.filter(days_late__gt=0).exists()
    assert Submission.history.count() > 0 and Reminder.objects.exists()
    # Every measure with a lead has exactly one consolidated report per period it was reported in.
    assert (
        not subs.values("period", "measure")
        .filter(role="consolidated")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    assert "Seeded 2 plans" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_is_idempotent_deterministic_and_resettable(capsys):
    call_command("seed_scale", *ARGS)
    first = _fingerprint()
    call_command("seed_scale", *ARGS)
    assert "already present" in capsys.readouterr().out
    assert _fingerprint() == first
    call_command("seed_scale", *ARGS, "--reset")
    assert _fingerprint() == first
    call_command("seed_scale", *ARGS[:-2], "--today", TODAY, "--reset", "--seed", "2")
    assert _fingerprint() != first


@pytest.mark.django_db
def test_it_refuses_nonsense_sizes_and_writes_nothing():
    with pytest.raises(CommandError, match="--measures must be at least 1"):
        call_command("seed_scale", "--measures", "0")
    assert not Plan.objects.exists()
