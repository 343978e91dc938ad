"""The deadline forms other Kazakh and Russian plans write — quarters, recurrences, plural years and
continuous measures — each in kk and ru; continuous measures report every period until completed."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.deadlines import DueDate, Schedule, parse_deadline
from plans.models import Submission
from plans.services import period_open
from tests import factories as f

D = dt.date


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("2014 жылғы I тоқсан", [D(2014, 3, 31)]),
        ("2015 жылғы 2-тоқсан", [D(2015, 6, 30)]),
        ("2015 жылғы III тоқсанда", [D(2015, 9, 30)]),
        ("2014, 2015 жылғы IV тоқсан", [D(2014, 12, 31), D(2015, 12, 31)]),
        ("I квартал 2014 года", [D(2014, 3, 31)]),
        ("2 квартал 2015 года", [D(2015, 6, 30)]),
        ("в 3-м квартале 2015 года", [D(2015, 9, 30)]),
        ("IV квартал 2014, 2015 годов", [D(2014, 12, 31), D(2015, 12, 31)]),
    ],
)
def test_it_reads_quarters_in_roman_or_arabic_numerals(text, dates):
    assert parse_deadline(text).due_dates(2014, 2016) == dates


@pytest.mark.parametrize(
    ("kk", "ru", "months", "first_dates"),
    [
        ("ай сайын", "ежемесячно", 1, [D(2014, 1, 31), D(2014, 2, 28)]),
        ("тоқсан сайын", "ежеквартально", 3, [D(2014, 3, 31), D(2014, 6, 30)]),
        ("жарты жылда бір рет", "раз в полугодие", 6, [D(2014, 6, 30), D(2014, 12, 31)]),
        ("жыл сайын", "ежегодно", 12, [D(2014, 12, 31), D(2015, 12, 31)]),
    ],
)
def test_it_reads_recurrences_in_kazakh_and_russian(kk, ru, months, first_dates):
    assert parse_deadline(kk) == parse_deadline(ru) == Schedule(every_months=months)
    assert parse_deadline(kk).due_dates(2014, 2015)[:2] == first_dates
    assert parse_deadline(kk).recurring
    # The canonical wording reads back as the same schedule.
    assert parse_deadline(Schedule(every_months=months).describe("kk")) == Schedule(every_months=months)
    assert parse_deadline(Schedule(every_months=months).describe("ru")) == Schedule(every_months=months)


@pytest.mark.parametrize("text", ["тоқсан сайын (2015 жылдан бастап)", "ежеквартально (начиная с 2015 года)"])
def test_it_starts_a_recurrence_at_its_first_year(text):
    schedule = parse_deadline(text)
    assert schedule == Schedule(every_months=3, every_from=2015)
    assert schedule.due_dates(2014, 2015) == [D(2015, 3, 31), D(2015, 6, 30), D(2015, 9, 30), D(2015, 12, 31)]
    assert schedule.shifted(2).every_from == 2017


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("2014, 2015 жылдары 5 шілде", [D(2014, 7, 5), D(2015, 7, 5)]),
        ("5 июля 2014, 2015 годов", [D(2014, 7, 5), D(2015, 7, 5)]),
        ("декабрь 2014 и 2015 годов", [D(2014, 12, 31), D(2015, 12, 31)]),
        ("к 1 июля 2014, 2015 гг.", [D(2014, 7, 1), D(2015, 7, 1)]),
    ],
)
def test_it_reads_plural_year_forms(text, dates):
    assert parse_deadline(text).due_dates(2014, 2016) == dates


@pytest.mark.parametrize("text", ["тұрақты", "Тұрақты негізде", "постоянно", "На постоянной основе"])
def test_it_reads_a_continuous_measure_without_making_up_a_date(text):
    schedule = parse_deadline(text)
    assert schedule == Schedule(continuous=True)
    assert schedule.due_dates(2014, 2016) == [] and not schedule.recurring
    assert (schedule.describe("kk"), schedule.describe("ru"), schedule.describe("en")) == (
        "тұрақты",
        "постоянно",
        "continuously",
    )
    assert Schedule.from_json(schedule.to_json()) == schedule


def test_it_keeps_the_json_of_earlier_schedules_unchanged():
    assert set(Schedule(once=(DueDate(2014, 5),)).to_json()) == {"once", "annual_month", "annual_day", "annual_from"}
    assert Schedule.from_json(Schedule(every_months=6, every_from=2015).to_json()) == Schedule(
        every_months=6, every_from=2015
    )


@pytest.mark.django_db
def test_it_asks_a_continuous_measure_every_period_until_accepted_as_completed():
    measure = f.MeasureFactory(schedule=Schedule(continuous=True).to_json(), deadline_text="постоянно")
    agency = f.ResponsibilityFactory(measure=measure).agency
    q1, q2, q3 = (f.PeriodFactory(plan=measure.plan, year=2014, number=n) for n in (1, 2, 3))
    assert period_open(period=q1) == 1 and period_open(period=q2) == 1
    assert set(Submission.objects.values_list("occurrence", flat=True)) == {None}
    Submission.objects.filter(period=q2).update(
        status=Submission.Status.ACCEPTED, progress=Submission.Progress.COMPLETED
    )
    assert period_open(period=q3) == 0
    assert Submission.objects.filter(agency=agency).count() == 2
