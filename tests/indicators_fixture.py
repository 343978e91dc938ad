"""The indicator catalogue and the four seed documents' figures, loaded as scripts/run.sh loads them."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Indicator, Observation, Source, Territory

DATA = Path(__file__).resolve().parents[1] / "indicators" / "data"
CATALOGUE = DATA / "catalogue.json"
SEEDS = DATA / "migration_seeds.csv"
# The documents as the shipped file names them.
DOC_000 = "2025 жылғы қаңтар-желтоқсан Қазақстан Республикасы халқының көші-қоны"
DOC_001 = "Аналитическая записка «Миграция в Республике Казахстан за 2023-2024 годы»"
DOC_002 = "Migration of the population for January-June 2025"
DOC_004 = "Внешняя миграция в Казахстан растет с каждым годом"


@pytest.fixture
def catalogue(db):
    call_command("import_indicators", str(CATALOGUE), stdout=StringIO())


@pytest.fixture
def seeded(catalogue):
    call_command("import_indicators", str(SEEDS), stdout=StringIO())


def observe(indicator: str, territory: str, period: str, value, source: str = "Release", **extra) -> Observation:
    """A hand-made current observation."""
    from indicators.periods import Period

    p = Period.parse(period)
    src, _ = Source.objects.get_or_create(title=source, issuer="Bureau")
    return Observation.objects.create(
        indicator=Indicator.objects.get(code=indicator),
        territory=Territory.objects.get(code=territory),
        period_start=p.start,
        period_end=p.end,
        value=value,
        source=src,
        **extra,
    )
