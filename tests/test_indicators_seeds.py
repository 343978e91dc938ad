"""The shipped figures checked against the four documents: a handful per document, by value and
source, including the stated percentages and shares."""

from decimal import Decimal

from django.core.management import call_command

from indicators.models import Observation, Source
from tests.indicators_fixture import DOC_000, DOC_001, DOC_002, DOC_004, SEEDS, catalogue, seeded  # noqa: F401


def value(doc: str, indicator: str, territory: str, period: str) -> Decimal:
    from indicators.periods import Period

    p = Period.parse(period)
    return (
        Observation.objects.current()
        .get(
            source__title=doc,
            indicator__code=indicator,
            territory__code=territory,
            period_start=p.start,
            period_end=p.end,
        )
        .value
    )


RELEASE_2025 = [
    ("arrivals", "KZ", "2025", 23761),
    ("departures", "KZ", "2025", 7608),
    ("net", "KZ", "2025", 16153),
    ("arrivals-change", "KZ", "2025", "-20.7"),
    ("departures-change", "KZ", "2025", "-40.5"),
    ("arrivals-cis-share", "KZ", "2025", "81.8"),
    ("departures-cis-share", "KZ", "2025", "71.8"),
    ("internal-movers-change", "KZ", "2025", "13.6"),
    ("regions-positive-interregional-net", "KZ", "2025", 4),
    ("interregional-net", "KZ-71", "2025", 87459),
    ("interregional-net", "KZ-19", "2025", 33126),
    ("interregional-net", "KZ-79", "2025", 15130),
    ("interregional-net", "KZ-75", "2025", 12110),
]


def test_it_carries_the_2025_annual_release_kk(seeded):  # noqa: F811
    stored = [(i, t, p, value(DOC_000, i, t, p)) for i, t, p, _v in RELEASE_2025]
    assert stored == [(i, t, p, Decimal(str(v))) for i, t, p, v in RELEASE_2025]


NOTE_2024 = [
    ("arrivals", "KZ", "2024", 29282),
    ("departures", "KZ", "2024", 12732),
    ("net", "KZ", "2024", 16550),
    ("arrivals-change", "KZ", "2024", "15.3"),
    ("departures-change", "KZ", "2024", "-20.9"),
    ("arrivals-from-ru", "KZ", "2024", 11711),
    ("arrivals-from-uz", "KZ", "2024", 6519),
    ("arrivals-from-tm", "KZ", "2024", 1166),
    ("arrivals-from-other", "KZ", "2024", 5991),
    ("arrivals-cis-share", "KZ", "2024", "81.6"),
    ("departures-cis-share", "KZ", "2024", "74.8"),
    ("arrivals", "KZ-75", "2024", 6260),
    ("arrivals", "KZ-47", "2024", 3680),
    ("departures", "KZ-59", "2024", 2133),
    ("departures", "KZ-63", "2024", 1195),
    ("interregional-movers-ratio", "KZ", "2024", "1.5"),
]


def test_it_carries_the_analytical_note_ru(seeded):  # noqa: F811
    stored = [(i, t, p, value(DOC_001, i, t, p)) for i, t, p, _v in NOTE_2024]
    assert stored == [(i, t, p, Decimal(str(v))) for i, t, p, v in NOTE_2024]


RELEASE_2025_H1 = [
    ("arrivals", "KZ", "2025-S1", 11267),
    ("departures", "KZ", "2025-S1", 3518),
    ("net", "KZ", "2025-S1", 7749),
    ("arrivals-change", "KZ", "2025-S1", -21),
    ("departures-change", "KZ", "2025-S1", "-49.5"),
    ("arrivals-cis-share", "KZ", "2025-S1", "82.2"),
    ("departures-cis-share", "KZ", "2025-S1", "73.9"),
    ("internal-movers-change", "KZ", "2025-S1", "20.6"),
    ("interregional-net", "KZ-71", "2025-S1", 36821),
    ("interregional-net", "KZ-75", "2025-S1", 16934),
    ("interregional-net", "KZ-79", "2025-S1", 10838),
    ("interregional-net", "KZ-19", "2025-S1", 5500),
]


def test_it_carries_the_january_june_2025_release_en(seeded):  # noqa: F811
    stored = [(i, t, p, value(DOC_002, i, t, p)) for i, t, p, _v in RELEASE_2025_H1]
    assert stored == [(i, t, p, Decimal(str(v))) for i, t, p, v in RELEASE_2025_H1]


ACCOUNT_2024_H1 = [
    ("net", "KZ", "2024-S1", 7300),
    ("arrivals", "KZ", "2024-S1", 14000),
    ("departures", "KZ", "2024-S1", 7000),
    ("net-technical", "KZ", "2024-S1", 686),
    ("net-pedagogical", "KZ", "2024-S1", 215),
    ("net-economic", "KZ", "2024-S1", 203),
    ("internal-movers-ratio", "KZ", "2024-S1", "1.7"),
    ("internal-movers", "KZ", "2024-S1", 688000),
    ("interregional-movers", "KZ", "2024-S1", 307000),
    ("internal-arrivals-megacities-share", "KZ", "2024-S1", 50),
    ("internal-arrivals", "KZ-71", "2024-S1", 64000),
    ("internal-arrivals", "KZ-75", "2024-S1", 60000),
    ("internal-arrivals", "KZ-79", "2024-S1", 31000),
]


def test_it_carries_the_vice_ministers_account_of_2024_h1_ru(seeded):  # noqa: F811
    stored = [(i, t, p, value(DOC_004, i, t, p)) for i, t, p, _v in ACCOUNT_2024_H1]
    assert stored == [(i, t, p, Decimal(str(v))) for i, t, p, v in ACCOUNT_2024_H1]


def test_it_names_the_place_and_date_of_each_source(seeded):  # noqa: F811
    release = Source.objects.get(title=DOC_000)
    assert release.date.isoformat() == "2026-02-09" and "статистика" in release.issuer
    assert Source.objects.get(title=DOC_001).date.isoformat() == "2025-09-24"
    assert (
        Observation.objects.get(source=release, indicator__code="arrivals-change").place == "1. Түйінді тұстар, 2-абзац"
    )
    assert Observation.objects.get(source__title=DOC_004, indicator__code="arrivals").comment == "«14 тыс. человек»"


def test_it_loads_the_seeds_idempotently(seeded, capsys):  # noqa: F811
    before = Observation.objects.count()
    call_command("import_indicators", str(SEEDS))
    assert "0 new, 0 revised, 57 unchanged" in capsys.readouterr().out
    assert Observation.objects.count() == before == 57
