"""Each validation rule on hand-made figures, then on the seeds' own figures: disagreement is shown
with the observations and sources it rests on, and nothing is corrected."""

from decimal import Decimal

from django.core.management import call_command

from indicators import selectors
from indicators.models import Observation
from tests.indicators_fixture import DOC_000, DOC_001, DOC_004, catalogue, observe, seeded  # noqa: F401


def rules():
    return sorted(f.rule for f in selectors.findings())


def test_it_flags_a_net_that_is_not_arrivals_minus_departures(catalogue):  # noqa: F811
    observe("arrivals", "KZ", "2025", 100)
    observe("departures", "KZ", "2025", 40)
    net = observe("net", "KZ", "2025", 70)
    [finding] = selectors.findings()
    assert finding.rule == "net" and finding.observations[0] == net
    assert (finding.stated, finding.expected) == (Decimal(70), Decimal(60))
    net.value = 60
    net.save()
    assert selectors.findings() == []


def test_it_flags_a_stated_change_that_the_figures_do_not_give(catalogue):  # noqa: F811
    observe("arrivals", "KZ", "2024-S1", 200)
    observe("arrivals", "KZ", "2025-S1", 150)
    stated = observe("arrivals-change", "KZ", "2025-S1", Decimal(-20))
    [finding] = selectors.findings()
    assert finding.rule == "change" and finding.expected == Decimal(-25)
    stated.value = Decimal("-25.0")
    stated.save()
    assert selectors.findings() == []


def test_it_compares_a_change_at_the_precision_it_is_stated_with(catalogue):  # noqa: F811
    observe("arrivals", "KZ", "2024", 29282)
    observe("arrivals", "KZ", "2025", 23761)
    observe("arrivals-change", "KZ", "2025", Decimal("-18.9"))  # −18.85 rounds to −18.9
    assert selectors.findings() == []


def test_it_checks_a_growth_stated_in_times(catalogue):  # noqa: F811
    observe("internal-movers", "KZ", "2023-S1", 400000)
    observe("internal-movers", "KZ", "2024-S1", 688000)
    observe("internal-movers-ratio", "KZ", "2024-S1", Decimal("1.7"))  # 1.72 is 1.7 at that precision
    assert selectors.findings() == []
    observe("internal-movers-ratio", "KZ", "2024-S1", Decimal("2.5"), source="News")
    assert rules() == ["change", "sources"]


def test_it_flags_a_share_outside_0_to_100(catalogue):  # noqa: F811
    observe("arrivals-cis-share", "KZ", "2025", Decimal("81.8"))
    observe("departures-cis-share", "KZ", "2025", Decimal("171.8"))
    [finding] = selectors.findings()
    assert finding.rule == "share" and finding.observations[0].value == Decimal("171.8")


def test_it_flags_parts_above_their_whole(catalogue):  # noqa: F811
    observe("arrivals", "KZ", "2024", 10000)
    observe("arrivals-from-ru", "KZ", "2024", 6000)
    observe("arrivals-from-uz", "KZ", "2024", 5000)
    [finding] = selectors.findings()
    assert finding.rule == "part" and (finding.stated, finding.expected) == (Decimal(10000), Decimal(11000))
    assert {o.indicator.code for o in finding.observations} == {"arrivals", "arrivals-from-ru", "arrivals-from-uz"}


def test_it_flags_regions_above_the_country(catalogue):  # noqa: F811
    observe("departures", "KZ", "2024", 3000)
    observe("departures", "KZ-59", "2024", 2133)
    observe("departures", "KZ-35", "2024", 1588)
    [finding] = selectors.findings()
    assert finding.rule == "regions" and finding.expected == Decimal(3721)


def test_it_flags_two_sources_that_give_different_values(catalogue):  # noqa: F811
    observe("net", "KZ", "2024", 16550, source="Note")
    observe("net", "KZ", "2024", 16600, source="Release")
    [finding] = selectors.findings()
    assert finding.rule == "sources"
    assert {o.source.title for o in finding.observations} == {"Note", "Release"}


def test_it_flags_the_2025_arrivals_change_with_both_sources_named(seeded):  # noqa: F811
    [finding] = [
        f
        for f in selectors.findings()
        if f.rule == "change" and f.subject.period.code == "2025" and f.subject.indicator.code == "arrivals-change"
    ]
    assert finding.stated == Decimal("-20.7")
    assert round(finding.expected, 1) == Decimal("-18.9")
    assert [o.source.title for o in finding.observations] == [DOC_000, DOC_000, DOC_001]
    assert [o.value for o in finding.observations] == [Decimal("-20.7"), 23761, 29282]
    assert Observation.objects.get(
        indicator__code="arrivals-change", period_start__year=2025, period_end__month=12
    ).value == Decimal("-20.7")  # nothing corrected


def test_it_finds_the_seeds_own_disagreements_and_only_those(seeded):  # noqa: F811
    found = {(f.rule, f.subject.indicator.code, f.subject.period.code) for f in selectors.findings()}
    assert found == {
        ("net", "net", "2024-S1"),  # 7.3 thousand stated, 14 − 7 thousand
        ("change", "arrivals-change", "2025"),
        ("change", "departures-change", "2025"),  # −40.5 % stated, 7608 against 12 732 is −40.2 %
        ("change", "arrivals-change", "2025-S1"),
        ("change", "departures-change", "2025-S1"),
    }
    [net] = [f for f in selectors.findings() if f.rule == "net"]
    assert {o.source.title for o in net.observations} == {DOC_004}


def test_it_prints_every_finding_one_a_line(seeded, capsys):  # noqa: F811
    call_command("validate_indicators")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    [line] = [x for x in lines if "arrivals-change KZ 2025 =" in x]
    assert "−20.7" in line and "−18.85" in line and DOC_000 in line and DOC_001 in line
