"""The migration to texts in three languages keeps every existing text, in the right language."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0008_obligations_close_notifications_params")]
AFTER = [("plans", "0009_texts_in_three_languages")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _plan(apps, code: str, **titles):
    Plan, Direction, Measure = (apps.get_model("plans", name) for name in ("Plan", "Direction", "Measure"))
    plan = Plan.objects.create(
        code=code,
        act_kind="decree",
        act_number="1",
        act_date=dt.date(2020, 1, 1),
        first_year=2020,
        last_year=2021,
        **titles,
    )
    direction = Direction.objects.create(plan=plan, number=1, title=f"{code} direction")
    Measure.objects.create(
        plan=plan,
        direction=direction,
        number=1,
        title=f"{code} measure",
        form_text=f"{code} form",
        budget_note=f"{code} note",
    )
    return plan


@pytest.fixture
def back_to_the_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_it_keeps_the_existing_texts_as_kazakh_and_a_russian_only_plans_as_russian():
    old = _migrate(BEFORE)
    _plan(old, "kk-plan", title_kk="Жоспар")
    _plan(old, "ru-plan", title_ru="План")
    new = _migrate(AFTER)
    Measure = new.get_model("plans", "Measure")
    kk = Measure.objects.select_related("direction", "plan").get(plan__code="kk-plan")
    ru = Measure.objects.select_related("direction", "plan").get(plan__code="ru-plan")
    assert (kk.title_kk, kk.form_text_kk, kk.budget_note_kk, kk.direction.title_kk) == (
        "kk-plan measure",
        "kk-plan form",
        "kk-plan note",
        "kk-plan direction",
    )
    assert (kk.title_ru, kk.plan.official_language) == ("", "kk")
    assert (ru.title_kk, ru.title_ru, ru.form_text_ru, ru.budget_note_ru) == (
        "",
        "ru-plan measure",
        "ru-plan form",
        "ru-plan note",
    )
    assert (ru.direction.title_kk, ru.direction.title_ru, ru.plan.official_language) == ("", "ru-plan direction", "ru")
