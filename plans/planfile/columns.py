"""The tables of a plan file, their columns in kk/ru/en, and the limits every value is held to.

Limits are checked while reading, before the database sees a value, so that SQLite (which stores
anything) and PostgreSQL (which refuses) answer the same file the same way.
"""

from __future__ import annotations

from plans.models import LANGUAGES

TABLES = ("plan", "amendments", "agencies", "measures")
COLUMNS = {
    "plan": ("field", "value"),
    "amendments": ("act_kind", "act_number", "act_date", "note"),
    "agencies": ("code", "name_kk", "name_ru", "name_en", "kind", "territory"),
    "measures": (
        "direction_number",
        "direction_title_kk",
        "direction_title_ru",
        "direction_title_en",
        "number",
        "title_kk",
        "title_ru",
        "title_en",
        "form_of_completion_kk",
        "form_of_completion_ru",
        "form_of_completion_en",
        "responsible",
        "deadline",
        "expenses",
        "budget_note_kk",
        "budget_note_ru",
        "budget_note_en",
        "funding_source_kk",
        "funding_source_ru",
        "funding_source_en",
        "classified",
        "form_kind",
        "previous_number",
    ),
}
# Texts a plan file gives in kk, ru and en (any may be empty, at least one given); the column without
# a language (older files) is read as the text in the plan's official language.
TRANSLATED = ("direction_title", "title", "form_of_completion", "budget_note", "funding_source")
SINGLE_LANGUAGE = {"measures": ("direction_title", "title", "form_of_completion", "funding_source")}
OPTIONAL_COLUMNS = {
    "measures": (
        "form_kind",
        "previous_number",
        *(f"{c}_{lang}" for c in TRANSLATED for lang in LANGUAGES),
        *SINGLE_LANGUAGE["measures"],
    ),
    "agencies": ("name_kk", "name_ru", "name_en"),
}
PLAN_FIELDS = (
    "code",
    "title_kk",
    "title_ru",
    "title_en",
    "act_kind",
    "act_number",
    "act_date",
    "act_title_kk",
    "first_year",
    "last_year",
    "period_months",
    "agency_due_day",
    "ministry_due_day",
    "rule_from_year",
    "ministry",
    "official_language",
    "unofficial_languages",
)

# Headers as officials write them; matched without regard to case, spaces or "№".
HEADER_ALIASES = {
    "field": ("поле", "өріс", "параметр"),
    "value": ("значение", "мәні", "мән"),
    "act_kind": ("вид акта", "акт түрі"),
    "act_number": ("номер акта", "акт нөмірі"),
    "act_date": ("дата акта", "акт күні"),
    "note": ("примечание", "ескерту", "что изменено"),
    "code": ("код", "қысқартылған атауы", "сокращение"),
    "name_kk": ("наименование (kk)", "атауы (kk)", "name (kk)", "атауы қазақша", "наименование на казахском"),
    "name_ru": ("наименование (ru)", "атауы (ru)", "name (ru)", "атауы орысша", "наименование на русском"),
    "name_en": ("наименование (en)", "атауы (en)", "name (en)", "атауы ағылшынша", "наименование на английском"),
    "kind": ("вид", "түрі", "тип"),
    "territory": ("территория", "аумақ"),
    "direction_number": ("номер направления", "бағыт нөмірі", "direction number"),
    "direction_title": ("направление", "бағыт", "direction"),
    "number": ("номер", "нөмірі", "р/с", "п/п"),
    "title": ("мероприятие", "іс-шара", "measure"),
    "form_of_completion": ("форма завершения", "аяқтау нысаны", "form of completion"),
    "responsible": ("ответственные за исполнение", "орындау үшін жауаптылар", "responsible agencies"),
    "deadline": ("срок исполнения", "орындау мерзімі"),
    "expenses": ("предполагаемые расходы", "болжамды шығыстар", "expected expenses"),
    "funding_source": ("источник финансирования", "қаржыландыру көзі", "funding source"),
    "classified": ("секретно", "құпия"),
    "form_kind": ("вид формы", "нысан түрі", "form kind"),
    "previous_number": ("прежний номер", "бұрынғы нөмірі", "previous number"),
    "budget_note": ("примечание к расходам", "шығыстар туралы ескерту", "budget note"),
}
LANGUAGE_WORDS = {
    "kk": ("kk", "қаз", "қазақша", "каз", "на казахском"),
    "ru": ("ru", "орыс", "орысша", "рус", "на русском"),
    "en": ("en", "ағыл", "ағылшынша", "англ", "на английском"),
}


def _language_aliases(column: str, lang: str) -> set[str]:
    """``title_ru`` is also ``title ru``, ``title (ru)``, ``мероприятие (рус)``, ``іс-шара (ru)`` …"""
    names = (column, column.replace("_", " "), *HEADER_ALIASES.get(column, ()))
    return {f"{name}{sep}{word}" for name in names for word in LANGUAGE_WORDS[lang] for sep in (" ", "_")} | {
        f"{name} ({word})" for name in names for word in LANGUAGE_WORDS[lang]
    }


for _column in TRANSLATED:
    for _lang in LANGUAGES:
        HEADER_ALIASES[f"{_column}_{_lang}"] = tuple(sorted(_language_aliases(_column, _lang)))
FILE_NAMES = {
    "plan": ("план",),
    "amendments": ("изменения", "өзгерістер"),
    "agencies": ("органы", "органдар"),
    "measures": ("мероприятия", "іс-шаралар"),
}

# Longest text a column may hold (the model's max_length where it has one; a generous page otherwise).
MAX_LENGTH = {
    "code": 40,
    "act_number": 40,
    "agency_code": 64,
    "name": 300,
    "deadline": 200,
    "funding_source": 200,
    "text": 5000,
}
MAX_MEASURE_NUMBER = 9999
MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Budget amounts: up to 12 whole digits and 3 decimals (BudgetLine.amount).
AMOUNT_WHOLE_DIGITS = 12
AMOUNT_DECIMALS = 3


def header_key(text: str) -> str:
    return " ".join(str(text or "").replace("№", "").replace("\ufeff", "").split()).lower()


def column_of(header: str, table: str) -> str | None:
    """The column a header names in ``table`` (English name, or a kk/ru/en alias), or None."""
    key = header_key(header)
    if not key and "№" in str(header or ""):
        key = "number"
    for column in COLUMNS[table] + SINGLE_LANGUAGE.get(table, ()):
        if key == column or key == column.replace("_", " ") or key in HEADER_ALIASES.get(column, ()):
            return column
    return None
