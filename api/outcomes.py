"""Everything the API takes from the ``indicators`` app, in one place: who may read indicators,
their models, periods and selectors. As on the indicator pages, every member of staff reads them."""

from indicators.access import can_read as can_read_indicators
from indicators.models import Indicator, Observation, Source, Territory
from indicators.periods import Period, PeriodError
from indicators.selectors import observation_rows, territories_by_indicator

__all__ = [
    "Indicator",
    "Observation",
    "Period",
    "PeriodError",
    "Source",
    "Territory",
    "can_read_indicators",
    "observation_rows",
    "territories_by_indicator",
]
