"""Texts in the reader's language: direction and measure texts in kk, ru and en, the mark on the
original text where a translation is missing, and the unofficial translations of plan 1593."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from plans.models import Measure, Plan
from plans.planfile import PlanFileInvalid, import_plan, import_tables, read_bytes
from plans.texts import marked_html, marked_plain
from plans.training import plan_make_training_copy
from reports import selectors

from . import factories as f
from .planfiles import as_zip, load_tables, set_cell

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "plans" / "data"
RU_TITLE_1 = "Изучение потоков внутренних мигрантов в целях совершенствования системы их учёта"
KK_TITLE_1 = "Ішкі көшіп-қонушыларды есепке алу жүйесін жетілдіру мақсатында олардың ағындарын зерделеу"


@pytest.fixture
def plan_1593():
    return import_plan(DATA / "plan_1593").plan


def test_it_shows_a_measure_in_the_readers_language_and_marks_the_original_where_a_translation_is_missing():
    measure = f.MeasureFactory.build(title_kk="Көші-қон", title_ru="Миграция", title_en="")
    with translation.override("ru"):
        assert (measure.title, measure.title.fallback) == ("Миграция", False)
        assert marked_html(measure.title) == "Миграция"
    with translation.override("en"):
        assert (measure.title, measure.title.lang, measure.title.fallback) == ("Көші-қон", "kk", True)
        html = marked_html(measure.title)
        assert '<span lang="kk">Көші-қон</span>' in html and '<span class="lang-mark" lang="en"' in html
        assert ">(kk)</span>" in html
        assert marked_plain(measure.title) == "Көші-қон [kk]"
        assert str(measure) == f"{measure.number}. Көші-қон [kk]"


def test_it_shows_the_russian_page_of_plan_1593_with_russian_measure_texts_marked_unofficial(client, plan_1593):
    client.force_login(f.UserFactory(role=User.Role.COORDINATOR, language="ru"))
    page = client.get(reverse("plans:plan_detail", args=["1593"])).content.decode()
    assert RU_TITLE_1 in page and KK_TITLE_1 not in page
    assert "Информация в Правительство Республики Казахстан (согласно пункту 2 постановления)" in page
    assert "Неофициальный рабочий перевод (русский); официальный текст — казахский." in page
    assert "Не требуется" in page and "Республиканский бюджет" in page and "lang-mark" not in page


def test_it_shows_no_unofficial_note_on_the_kazakh_page_of_plan_1593(client, plan_1593):
    client.force_login(f.UserFactory(role=User.Role.COORDINATOR, language="kk"))
    page = client.get(reverse("plans:plan_detail", args=["1593"])).content.decode()
    assert KK_TITLE_1 in page and "translation-note" not in page


def test_it_builds_the_russian_pdf_of_a_measure_with_its_russian_texts(plan_1593):
    measure = plan_1593.measures.get(number=1)
    context = selectors.measure_context(measure=measure, lang="ru", as_of=timezone.now())
    html = selectors.render_html(context, "ru")
    assert RU_TITLE_1 in html and KK_TITLE_1 not in html
    assert "Совершенствование учёта и прогнозирования внутренних миграционных потоков" in html
    assert "Неофициальный рабочий перевод (русский)" in html
    assert selectors.form_wording(measure, "ru").startswith("Информация в Правительство")


def test_it_reads_the_three_language_columns_and_the_old_single_column_as_the_official_text():
    tables = load_tables()
    header = tables["measures"][0]
    header[header.index("title_kk")] = "title"
    header[header.index("title_ru")] = "мероприятие (рус)"
    header[header.index("form_of_completion_kk")] = "аяқтау нысаны"
    drop = header.index("title_en")
    tables["measures"] = [row[:drop] + row[drop + 1 :] for row in tables["measures"]]
    plan = import_tables(read_bytes("plan.zip", as_zip(tables))).plan
    measure = plan.measures.get(number=1)
    assert (measure.title_kk, measure.title_ru, measure.title_en) == (KK_TITLE_1, RU_TITLE_1, "")
    assert measure.form_text_kk.startswith("Қазақстан Республикасының Үкіметіне ақпарат")


def test_it_refuses_a_measure_with_no_title_in_any_language():
    tables = load_tables()
    for column in ("title_kk", "title_ru", "title_en"):
        set_cell(tables, "measures", "7", column, "")
    with pytest.raises(PlanFileInvalid) as caught:
        import_tables(read_bytes("plan.zip", as_zip(tables)))
    assert "measures, row 8, column title_kk: measure 7: is empty" in str(caught.value)


def test_it_imports_a_plan_written_only_in_russian_and_marks_it_for_kazakh_readers():
    plan = import_plan(DATA / "plan_ru_example").plan
    measure = plan.measures.filter(classified=False).first()
    assert (plan.official_language, measure.title_kk, bool(measure.title_ru)) == ("ru", "", True)
    assert (plan.directions.first().title_kk, bool(plan.directions.first().title_ru)) == ("", True)
    with translation.override("kk"):
        assert measure.title == measure.title_ru and measure.title.fallback
        assert "(ru)</span>" in marked_html(measure.title)


def test_it_carries_the_translations_into_the_training_copy(plan_1593):
    copy_plan = Plan.objects.get(pk=plan_make_training_copy(plan=plan_1593, years=12).plan.pk)
    measure = Measure.objects.get(plan=copy_plan, number=1)
    assert (measure.title_ru, copy_plan.unofficial_languages) == (RU_TITLE_1, "ru,en")
    assert measure.direction.title_en == "Improving the recording and forecasting of internal migration flows"
    assert copy_plan.first_year == plan_1593.first_year + 12


def test_it_builds_the_russian_consolidated_report_with_russian_measure_texts(plan_1593):
    period = plan_1593.periods.get(year=2015, number=4)
    context = selectors.consolidated_context(plan=plan_1593, period=period, lang="ru", as_of=timezone.now())
    html = selectors.render_html(context, "ru")
    assert RU_TITLE_1 in html and KK_TITLE_1 not in html
    assert "Предложения в Правительство Республики Казахстан" in html
    assert "Неофициальный рабочий перевод (русский); официальный текст — казахский." in html
