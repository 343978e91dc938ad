"""Deadline phrases of the plans (plans/deadlines.py): pure Python, no database."""

import datetime

import pytest

from plans.deadlines import DeadlineError, DueDate, Schedule, parse_deadline

D = datetime.date


def once(*dates: tuple[int, ...]) -> Schedule:
    return Schedule(once=tuple(DueDate(*d) for d in dates))


def annual(month: int, day: int | None = None, start: int | None = None) -> Schedule:
    return Schedule(annual_month=month, annual_day=day, annual_from=start)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # month
        ("2014 жылғы мамыр", once((2014, 5))),
        ("май 2014 года", once((2014, 5))),
        ("май 2014 г.", once((2014, 5))),
        ("2014 ж. мамыр", once((2014, 5))),
        # day
        ("2014 жылғы 5 шілде", once((2014, 7, 5))),
        ("2016 жылғы 5 қаңтар", once((2016, 1, 5))),
        ("5 июля 2014 года", once((2014, 7, 5))),
        ("до 5 июля 2014 г.", once((2014, 7, 5))),
        # several
        ("2014, 2015 жылғы 5 шілде", once((2014, 7, 5), (2015, 7, 5))),
        ("2014 және 2015 жылғы 5 шілде", once((2014, 7, 5), (2015, 7, 5))),
        ("5 июля 2014, 2015 годов", once((2014, 7, 5), (2015, 7, 5))),
        ("2014 жылғы 5 шілде, 2015 жылғы 5 қаңтар", once((2014, 7, 5), (2015, 1, 5))),
        ("2014 жылғы 5 шілде; 2015 жылғы қаңтар", once((2014, 7, 5), (2015, 1))),
        ("2014 жылғы 5 шілде және 2015 жылғы 5 қаңтар", once((2014, 7, 5), (2015, 1, 5))),
        ("5 июля 2014 года и 5 января 2015 года", once((2014, 7, 5), (2015, 1, 5))),
        ("5 июля 2014 года, и 5 января 2015 года;", once((2014, 7, 5), (2015, 1, 5))),
        ("май 2014 года; 5 июля 2014, 2015 годов", once((2014, 5), (2014, 7, 5), (2015, 7, 5))),
        # annual
        ("5 шілде жыл сайын", annual(7, 5)),
        ("5 июля ежегодно", annual(7, 5)),
        ("ежегодно к 5 июля", annual(7, 5)),
        ("ежегодно, к 5 июля", annual(7, 5)),
        ("ежегодно – к 5 июля", annual(7, 5)),
        # annual, month precision
        ("Қаңтар жыл сайын", annual(1)),
        ("январь ежегодно", annual(1)),
        ("ежегодно в январе", annual(1)),
        # annual from a year
        ("5 қаңтар жыл сайын (2015 жылдан бастап)", annual(1, 5, 2015)),
        ("5 қаңтар жыл сайын (2015 ж. бастап)", annual(1, 5, 2015)),
        ("ежегодно к 5 января (начиная с 2015 года)", annual(1, 5, 2015)),
        ("5 января ежегодно (начиная с 2015 года)", annual(1, 5, 2015)),
        ("ежегодно к 5 января (с 2015 г.)", annual(1, 5, 2015)),
        ("ежегодно в январе, начиная с 2015 года", annual(1, None, 2015)),
    ],
)
def test_it_reads_every_form_in_kazakh_and_russian(text: str, expected: Schedule) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2014 жылғы 5 шілдеге", 7),
        ("2014 жылғы 5 шілдеге дейін", 7),
        ("2014 жылғы 22 шілдедегі", 7),
        ("2015 жылғы қаңтардан", 1),
        ("2014 жылғы мамырға", 5),
        ("2014 жылғы қыркүйекке", 9),
        ("2014 жылғы желтоқсанда", 12),
        ("5 января 2015 года", 1),
        ("январь 2015 года", 1),
        ("в январе 2015 года", 1),
        ("мая 2015 года", 5),
        ("в мае 2015 года", 5),
        ("март 2015 года", 3),
        ("в марте 2015 года", 3),
        ("августа 2015 года", 8),
        ("к сентябрю 2015 года", 9),
    ],
)
def test_it_reads_inflected_month_names(text: str, month: int) -> None:
    (due,) = parse_deadline(text).once
    assert due.month == month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014 жылғы \nмамыр", once((2014, 5))),
        ("2014, 2015 \nжылғы 5 \nшілде", once((2014, 7, 5), (2015, 7, 5))),
        ("5 қаңтар жыл\nсайын (2015 \nжылдан \nбастап)", annual(1, 5, 2015)),
        ("5 қаңтар, \nжыл сайын (\n2015 жылдан \nбастап)", annual(1, 5, 2015)),
        ("Ш і л д е\nжыл сайын", annual(7)),
        ("5 шілде ж ы л  с а й ы н", annual(7, 5)),
        ("  2014   ЖЫЛҒЫ\t\t5  ШІЛДЕ  ", once((2014, 7, 5))),
        ("5 сәуiр жыл сайын", annual(4, 5)),  # Latin "i" for Kazakh "і"
        ("ежегодно к 5 июля (начиная с 2015 года)", annual(7, 5, 2015)),
        ("Ежегодно\nк 5 июля", annual(7, 5)),
        ("1 сентября 2014 года", once((2014, 9, 1))),
    ],
)
def test_it_reads_wrapped_and_letter_spaced_text(text: str, expected: Schedule) -> None:
    assert parse_deadline(text) == expected


# Column 5 ("Орындау мерзімі") of section 4 of Decree No. 1593, every distinct phrase, read with
# the cell's line breaks undone and letter-spacing joined ("Ш і л д е" in measure 43).
DECREE_1593_DEADLINES = {
    "2014 жылғы ақпан": once((2014, 2)),  # 3, 16, 20, 22, 23, 25, 26
    "2014 жылғы наурыз": once((2014, 3)),  # 19, 27
    "2014 жылғы сәуір": once((2014, 4)),  # 21
    "2014 жылғы мамыр": once((2014, 5)),  # 2
    "2014 жылғы маусым": once((2014, 6)),  # 39, 46
    "2014 жылғы шілде": once((2014, 7)),  # 4, 9, 12, 31
    "2014 жылғы қыркүйек": once((2014, 9)),  # 24
    "2014 жылғы қазан": once((2014, 10)),  # 7, 29, 32
    "2014 жылғы қараша": once((2014, 11)),  # 5, 13, 48
    "2014 жылғы желтоқсан": once((2014, 12)),  # 6, 11
    "2015 жылғы маусым": once((2015, 6)),  # 49
    "2014 жылғы 5 сәуір": once((2014, 4, 5)),  # 10
    "2014 жылғы 5 шілде": once((2014, 7, 5)),  # 8
    "2015 жылғы 5 қаңтар": once((2015, 1, 5)),  # 47
    "2016 жылғы 5 қаңтар": once((2016, 1, 5)),  # 15
    "2014, 2015 жылғы 5 шілде": once((2014, 7, 5), (2015, 7, 5)),  # 14
    "5 шілде жыл сайын": annual(7, 5),  # 1
    "5 сәуір жыл сайын": annual(4, 5),  # 28, 33
    "5 қазан жыл сайын": annual(10, 5),  # 34
    "Қаңтар жыл сайын": annual(1),  # 18
    "Шілде жыл сайын": annual(7),  # 43
    "5 қаңтар жыл сайын (2015 жылдан бастап)": annual(1, 5, 2015),  # 17, 37, 38, 41, 42
    "5 қаңтар, жыл сайын (2015 жылдан бастап)": annual(1, 5, 2015),  # 30
}


@pytest.mark.parametrize(("text", "expected"), DECREE_1593_DEADLINES.items())
def test_it_reads_every_deadline_of_decree_1593(text: str, expected: Schedule) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (DueDate(2014, 7, 5), D(2014, 7, 5)),
        (DueDate(2014, 5), D(2014, 5, 31)),
        (DueDate(2014, 4), D(2014, 4, 30)),
        (DueDate(2015, 2), D(2015, 2, 28)),
        (DueDate(2016, 2), D(2016, 2, 29)),
    ],
)
def test_it_makes_a_month_due_on_its_last_day(due: DueDate, expected: datetime.date) -> None:
    assert due.as_date() == expected


def test_it_expands_one_off_dates_within_the_plan_period() -> None:
    schedule = parse_deadline("2014 жылғы 5 шілде, 2016 жылғы ақпан, 2017 жылғы 5 қаңтар")
    assert schedule.due_dates(2014, 2016) == [D(2014, 7, 5), D(2016, 2, 29)]
    assert schedule.due_dates(2015, 2015) == []
    assert not schedule.recurring


def test_it_sorts_several_dates_and_drops_repeats() -> None:
    schedule = once((2015, 1, 5), (2014, 7, 5), (2014, 7, 5))
    assert schedule.due_dates(2014, 2016) == [D(2014, 7, 5), D(2015, 1, 5)]


def test_it_expands_an_annual_deadline_once_a_year_in_the_plan_period() -> None:
    schedule = parse_deadline("5 шілде жыл сайын")
    assert schedule.recurring
    assert schedule.due_dates(2014, 2016) == [D(2014, 7, 5), D(2015, 7, 5), D(2016, 7, 5)]


def test_it_expands_an_annual_month_to_its_last_day() -> None:
    assert parse_deadline("Ақпан жыл сайын").due_dates(2015, 2016) == [D(2015, 2, 28), D(2016, 2, 29)]


def test_it_starts_an_annual_deadline_at_its_first_year() -> None:
    schedule = parse_deadline("5 қаңтар жыл сайын (2015 жылдан бастап)")
    assert schedule.due_dates(2014, 2016) == [D(2015, 1, 5), D(2016, 1, 5)]
    # A start year before the plan does not reach outside it.
    assert schedule.due_dates(2016, 2017) == [D(2016, 1, 5), D(2017, 1, 5)]
    assert schedule.due_dates(2014, 2014) == []


def test_it_shifts_every_year() -> None:
    assert once((2014, 7, 5), (2015, 1)).shifted(12) == once((2026, 7, 5), (2027, 1))
    assert annual(1, 5, 2015).shifted(12) == annual(1, 5, 2027)
    assert annual(7, 5).shifted(12) == annual(7, 5)
    assert annual(1, 5, 2015).shifted(12).due_dates(2026, 2028) == [D(2027, 1, 5), D(2028, 1, 5)]


def test_it_shifts_29_february_to_28_in_a_common_year() -> None:
    assert once((2016, 2, 29)).shifted(1) == once((2017, 2, 28))


@pytest.mark.parametrize("text", [*DECREE_1593_DEADLINES, "2014 жылғы 5 шілде; 2015 жылғы мамыр"])
def test_it_round_trips_through_json(text: str) -> None:
    schedule = parse_deadline(text)
    data = schedule.to_json()
    assert set(data) == {"once", "annual_month", "annual_day", "annual_from"}
    assert Schedule.from_json(data) == schedule


def test_it_writes_plain_json() -> None:
    assert parse_deadline("2014, 2015 жылғы 5 шілде").to_json() == {
        "once": [{"year": 2014, "month": 7, "day": 5}, {"year": 2015, "month": 7, "day": 5}],
        "annual_month": None,
        "annual_day": None,
        "annual_from": None,
    }
    assert Schedule().to_json() == {"once": [], "annual_month": None, "annual_day": None, "annual_from": None}


def test_it_refuses_json_with_a_missing_key_or_a_bad_date() -> None:
    with pytest.raises(KeyError):
        Schedule.from_json({"once": []})
    with pytest.raises(ValueError):
        Schedule.from_json(
            {
                "once": [{"year": 2014, "month": 2, "day": 31}],
                "annual_month": None,
                "annual_day": None,
                "annual_from": None,
            }
        )


@pytest.mark.parametrize(
    ("schedule", "kk", "ru", "en"),
    [
        (once((2014, 5)), "2014 жылғы мамыр", "май 2014 года", "May 2014"),
        (once((2014, 7, 5)), "2014 жылғы 5 шілде", "5 июля 2014 года", "5 July 2014"),
        (
            once((2014, 7, 5), (2015, 1, 5)),
            "2014 жылғы 5 шілде; 2015 жылғы 5 қаңтар",
            "5 июля 2014 года; 5 января 2015 года",
            "5 July 2014; 5 January 2015",
        ),
        (annual(7, 5), "5 шілде жыл сайын", "ежегодно к 5 июля", "5 July every year"),
        (annual(1), "қаңтар жыл сайын", "ежегодно в январе", "January every year"),
        (annual(5), "мамыр жыл сайын", "ежегодно в мае", "May every year"),
        (
            annual(7, 5, 2015),
            "5 шілде жыл сайын (2015 жылдан бастап)",
            "ежегодно к 5 июля (начиная с 2015 года)",
            "5 July every year (from 2015)",
        ),
    ],
)
def test_it_describes_a_schedule_in_three_languages(schedule: Schedule, kk: str, ru: str, en: str) -> None:
    assert schedule.describe("kk") == kk
    assert schedule.describe("ru") == ru
    assert schedule.describe("en") == en
    # The Kazakh and Russian wordings are canonical: they read back as the same schedule.
    assert parse_deadline(kk) == schedule
    assert parse_deadline(ru) == schedule


def test_it_refuses_to_describe_in_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="'de'"):
        once((2014, 5)).describe("de")


@pytest.mark.parametrize(
    "text",
    [
        "Талап етілмейді",  # the expenses column, not a deadline
        "2014 жылғы",
        "5 шілде",
        "шілде",
        "2014",
        "2014 жылғы 5 шілде ішінде",
        "2014 жылғы 5 шілде жыл сайын",  # a year and "every year" at once
        "5 шілде сайын",
        "5 шілде, 5 қаңтар жыл сайын",
        "2014 жылғы 5 шілде (2015 жылдан бастап)",  # a start year without "every year"
        "2014 – 2016 жылғы 5 шілде",  # a range
        "2014 жылғы 5 шілде және",  # cut off
        "и 5 июля 2014 года",
        "5 июля 2014 — 2015 годов",
        "2014 жылғы 5 шілде 2015 жылғы 5 қаңтар",  # two dates with nothing between them
        "5 июля 2014 жылғы",  # Russian and Kazakh mixed
        "05.07.2014",
        "2014 жылғы 105 шілде",
        "20145 жылғы 5 шілде",
        "в течение 2014 года",
        "2014 жылғы 5 шілде?",
        "ежегодно ежегодно к 5 июля",
    ],
)
def test_it_refuses_text_it_cannot_read_naming_the_text(text: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text)
    assert caught.value.text == text
    assert repr(text) in str(caught.value)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_it_refuses_empty_text(text: str) -> None:
    with pytest.raises(DeadlineError, match="empty") as caught:
        parse_deadline(text)
    assert caught.value.text == text


@pytest.mark.parametrize(
    "text",
    [
        "2014 жылғы 31 ақпан",
        "2015 жылғы 29 ақпан",
        "31 июня 2014 года",
        "2014 жылғы 0 шілде",
        "32 шілде жыл сайын",
        "29 ақпан жыл сайын",  # no date in three years out of four
    ],
)
def test_it_refuses_a_day_the_month_does_not_have(text: str) -> None:
    with pytest.raises(DeadlineError, match="no day") as caught:
        parse_deadline(text)
    assert caught.value.text == text


def test_it_accepts_29_february_in_a_leap_year() -> None:
    assert parse_deadline("2016 жылғы 29 ақпан").due_dates(2016, 2016) == [D(2016, 2, 29)]


def test_it_refuses_a_month_13_built_by_hand() -> None:
    with pytest.raises(ValueError, match="no month 13"):
        DueDate(2014, 13)
    with pytest.raises(ValueError, match="no month 13"):
        Schedule(annual_month=13)
    with pytest.raises(ValueError):
        Schedule(annual_day=5)


def test_it_is_a_value_error_for_callers_that_catch_those() -> None:
    with pytest.raises(ValueError):
        parse_deadline("жақында")
