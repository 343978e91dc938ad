"""Factories for tests: a small plan with real-looking agencies, periods and reports."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from plans import models


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = models.Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"АГ{n}")
    name_kk = factory.LazyAttribute(lambda o: f"{o.code} министрлігі")
    name_ru = factory.LazyAttribute(lambda o: f"Министерство {o.code}")
    kind = models.Agency.Kind.MINISTRY


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = models.Plan
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"p{n}")
    title_kk = "Көші-қон жөніндегі кешенді жоспар"
    title_ru = "Комплексный план по миграции"
    title_en = "Complex plan on migration"
    act_kind = models.Plan.ActKind.DECREE
    act_number = factory.Sequence(lambda n: str(1000 + n))
    act_date = dt.date(2013, 12, 31)
    first_year = 2014
    last_year = 2016


def _texts_in_kazakh(kwargs: dict) -> dict:
    """``title=…`` (and ``form_text``, ``budget_note``) as the Kazakh text, as the decree writes it."""
    for name in ("title", "form_text", "budget_note", "funding_source"):
        if name in kwargs:
            kwargs[f"{name}_kk"] = kwargs.pop(name)
    return kwargs


class DirectionFactory(DjangoModelFactory):
    class Meta:
        model = models.Direction

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_kk = factory.Sequence(lambda n: f"Бағыт {n + 1}")

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _texts_in_kazakh(kwargs)


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = models.Measure

    direction = factory.SubFactory(DirectionFactory)
    plan = factory.SelfAttribute("direction.plan")
    number = factory.Sequence(lambda n: n + 1)
    title_kk = factory.Sequence(lambda n: f"Іс-шара {n + 1}: көші-қон ағындарын зерделеу")
    form_kind = models.Measure.FormKind.INFORMATION
    form_text_kk = "Қазақстан Республикасының Үкіметіне ақпарат"
    deadline_text = "2014 жылғы 5 шілде"
    schedule = factory.LazyFunction(lambda: {"once": [{"year": 2014, "month": 7, "day": 5}]})
    budget_note_kk = "Талап етілмейді"

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _texts_in_kazakh(kwargs)


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = models.Responsibility

    measure = factory.SubFactory(MeasureFactory)
    agency = factory.SubFactory(AgencyFactory)
    order = factory.Sequence(lambda n: n)


class PeriodFactory(DjangoModelFactory):
    """A quarter of 2014 (``number`` 1–4) with the decree's due days, 5th and 15th."""

    class Meta:
        model = models.ReportingPeriod
        django_get_or_create = ("plan", "year", "number")

    plan = factory.SubFactory(PlanFactory)
    year = 2014
    number = 1
    start = factory.LazyAttribute(lambda o: models.ReportingPeriod.bounds(o.year, o.number, 3, 5, 15)[0])
    end = factory.LazyAttribute(lambda o: models.ReportingPeriod.bounds(o.year, o.number, 3, 5, 15)[1])
    agency_due = factory.LazyAttribute(lambda o: models.ReportingPeriod.bounds(o.year, o.number, 3, 5, 15)[2])
    ministry_due = factory.LazyAttribute(lambda o: models.ReportingPeriod.bounds(o.year, o.number, 3, 5, 15)[3])


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = models.Submission

    measure = factory.SubFactory(MeasureFactory)
    period = factory.SubFactory(PeriodFactory, plan=factory.SelfAttribute("..measure.plan"))
    agency = factory.SubFactory(AgencyFactory)
    due = factory.SelfAttribute("period.agency_due")
    status = models.Submission.Status.DUE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kz")
    role = User.Role.OFFICER
    agency = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (User.Role.OFFICER, User.Role.HEAD)),
        yes_declaration=factory.SubFactory(AgencyFactory),
        no_declaration=None,
    )
    language = "en"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "pass-1234")
        if create:
            obj.save(update_fields=["password"])
