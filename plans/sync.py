"""Write-only-what-changed helpers shared by every code path that brings rows in line with data.

A repeated run touches nothing, and the outcome of each row is counted so that a command can say
what it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OUTCOMES = ("created", "updated", "unchanged", "deleted")


@dataclass
class ChangeCounts:
    """How many rows of each kind were created, updated, left alone or deleted."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, what: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(what, dict.fromkeys(OUTCOMES, 0))[outcome] += n

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())

    def summary(self) -> str:
        return "; ".join(
            f"{what}: " + ", ".join(f"{n} {k}" for k, n in c.items() if n) for what, c in self.counts.items()
        )


def save_changed(result: ChangeCounts | None, what: str, model, lookup: dict, values: dict):
    """Get or create the row at ``lookup`` and write only the ``values`` that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        outcome = "created"
    else:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
        outcome = "updated" if changed else "unchanged"
    if result is not None:
        result.count(what, outcome)
    return obj


def delete_missing(result: ChangeCounts | None, what: str, queryset) -> None:
    """Delete every row of ``queryset`` (rows the data no longer has), counting them."""
    deleted = 0
    for obj in queryset:
        obj.delete()
        deleted += 1
    if result is not None and deleted:
        result.count(what, "deleted", deleted)
