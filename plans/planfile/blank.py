"""The blank plan file an official fills in: the four sheets with headers in kk, ru or en, and an
instructions sheet first (the import ignores sheets it does not know)."""

from __future__ import annotations

from .columns import COLUMNS, LANGUAGES, TRANSLATED
from .export import xlsx_bytes

# The header each language's template uses; every one is also an accepted alias (columns.HEADER_ALIASES).
TITLES = {
    "kk": {
        "field": "өріс",
        "value": "мәні",
        "act_kind": "акт түрі",
        "act_number": "акт нөмірі",
        "act_date": "акт күні",
        "note": "ескерту",
        "code": "код",
        "name_kk": "атауы (kk)",
        "name_ru": "атауы (ru)",
        "name_en": "атауы (en)",
        "kind": "түрі",
        "territory": "аумақ",
        "direction_number": "бағыт нөмірі",
        "direction_title": "бағыт",
        "number": "нөмірі",
        "title": "іс-шара",
        "form_of_completion": "аяқтау нысаны",
        "responsible": "орындау үшін жауаптылар",
        "deadline": "орындау мерзімі",
        "expenses": "болжамды шығыстар",
        "funding_source": "қаржыландыру көзі",
        "classified": "құпия",
        "form_kind": "нысан түрі",
        "previous_number": "бұрынғы нөмірі",
        "budget_note": "шығыстар туралы ескерту",
    },
    "ru": {
        "field": "поле",
        "value": "значение",
        "act_kind": "вид акта",
        "act_number": "номер акта",
        "act_date": "дата акта",
        "note": "примечание",
        "code": "код",
        "name_kk": "наименование (kk)",
        "name_ru": "наименование (ru)",
        "name_en": "наименование (en)",
        "kind": "вид",
        "territory": "территория",
        "direction_number": "номер направления",
        "direction_title": "направление",
        "number": "номер",
        "title": "мероприятие",
        "form_of_completion": "форма завершения",
        "responsible": "ответственные за исполнение",
        "deadline": "срок исполнения",
        "expenses": "предполагаемые расходы",
        "funding_source": "источник финансирования",
        "classified": "секретно",
        "form_kind": "вид формы",
        "previous_number": "прежний номер",
        "budget_note": "примечание к расходам",
    },
}
# The texts in three languages: "іс-шара (kk)", "мероприятие (ru)", "title (en)" …
for _titles in TITLES.values():
    for _column in TRANSLATED:
        for _lang in LANGUAGES:
            _titles[f"{_column}_{_lang}"] = f"{_titles[_column]} ({_lang})"
INSTRUCTIONS = {
    "en": [
        "How to fill in this plan file",
        (
            "Sheet plan: one row per field (code, title_kk/title_ru/title_en — at least one title, act_kind "
            "decree/order/law/other, "
            "act_number, act_date YYYY-MM-DD or DD.MM.YYYY, first_year, last_year, period_months 1/3/6/12, "
            "agency_due_day, "
            "ministry_due_day, ministry — an agency code)."
        ),
        "Sheet amendments: act_kind, act_number, act_date, note — one row per amending act.",
        (
            "Sheet agencies: code, names in kk/ru/en (at least one), kind ministry/akimat/state_company/other, "
            "territory region/city for akimats."
        ),
        (
            "Sheet measures: one row per measure in the decree's own wording. responsible: agency codes in order, "
            "'(жинақтау)'/'(свод)' "
            "marks the lead, '(келісім бойынша)'/'(по согласованию)' by agreement; akimat phrases stand for every "
            "akimat of that kind."
        ),
        (
            "deadline: '2014 жылғы мамыр', '5 шілде жыл сайын', 'май 2014 года', 'ежегодно к 5 января' …; expenses: "
            "'2014 жыл – 549 642 мың теңге' or a note; classified: yes, other cells empty."
        ),
        "Renumbered measure: write its old number in previous_number so that its reports move with it.",
        (
            "Texts in three languages: direction title, measure, form of completion and budget note each have "
            "kk, ru and en columns; fill at least one. Plan fields official_language (kk/ru/en) and "
            "unofficial_languages (e.g. ru,en) say which texts are working translations."
        ),
        "Headers may be written in Kazakh, Russian or English.",
    ],
    "ru": [
        "Как заполнить файл плана",
        (
            "Лист plan: по строке на поле (code, title_kk/title_ru/title_en — хотя бы одно название, act_kind "
            "decree/order/law/other, "
            "act_number, act_date, first_year, last_year, period_months 1/3/6/12, agency_due_day, ministry_due_day, "
            "ministry)."
        ),
        "Лист amendments: вид, номер, дата акта и что изменено — по строке на изменяющий акт.",
        (
            "Лист agencies: код, наименования на kk/ru/en (хотя бы одно), вид ministry/akimat/state_company/other, "
            "территория region/city для акиматов."
        ),
        (
            "Лист measures: по строке на мероприятие, формулировки как в постановлении; '(свод)' — головной "
            "исполнитель, "
            "'(по согласованию)'; фразы об акиматах означают все акиматы этого вида."
        ),
        (
            "Перенумерованное мероприятие: укажите прежний номер в столбце previous_number, чтобы его отчёты "
            "остались при нём."
        ),
        (
            "Тексты на трёх языках: у направления, мероприятия, формы завершения и примечания к расходам есть "
            "столбцы kk, ru и en; заполните хотя бы один. Поля плана official_language (kk/ru/en) и "
            "unofficial_languages (например, ru,en) указывают, какие тексты — рабочие переводы."
        ),
        "Заголовки столбцов можно писать на казахском, русском или английском.",
    ],
    "kk": [
        "Жоспар файлын қалай толтыру керек",
        (
            "plan парағы: әр өріске бір жол (code, title_kk/title_ru/title_en — кемінде бір атау, act_kind, "
            "act_number, act_date, "
            "first_year, last_year, period_months 1/3/6/12, agency_due_day, ministry_due_day, ministry)."
        ),
        "amendments парағы: өзгеріс енгізген актінің түрі, нөмірі, күні және ескерту.",
        "agencies парағы: код, kk/ru/en атаулары (кемінде біреуі), түрі, әкімдіктер үшін аумақ region/city.",
        (
            "measures парағы: әр іс-шараға бір жол, қаулының өз сөзімен; '(жинақтау)' — жинақтаушы орган, '(келісім "
            "бойынша)'."
        ),
        "Нөмірі өзгерген іс-шара: есептері онымен бірге қалуы үшін бұрынғы нөмірін previous_number бағанына жазыңыз.",
        (
            "Үш тілдегі мәтіндер: бағыттың, іс-шараның, аяқтау нысанының және шығыстар туралы ескертудің kk, ru "
            "және en бағандары бар; кемінде біреуін толтырыңыз. Жоспардың official_language (kk/ru/en) және "
            "unofficial_languages (мысалы, ru,en) өрістері қай мәтіндер жұмыс аудармасы екенін көрсетеді."
        ),
        "Баған тақырыптарын қазақ, орыс немесе ағылшын тілінде жазуға болады.",
    ],
}


def blank_template(lang: str) -> bytes:
    lang = lang if lang in INSTRUCTIONS else "en"
    titles = TITLES.get(lang, {})
    headers = {table: [titles.get(c, c) for c in columns] for table, columns in COLUMNS.items()}

    def instructions(book):
        sheet = book.create_sheet({"kk": "нұсқаулық", "ru": "инструкция"}.get(lang, "instructions"))
        for line in INSTRUCTIONS[lang]:
            sheet.append([line])
        sheet.column_dimensions["A"].width = 120

    return xlsx_bytes({table: [] for table in COLUMNS}, headers=headers, extra_sheet=instructions)
