"""Past workflow steps on many reports at once: the bulk path beside the services.

Recreating years of history (the demo's reports) one service call at a time costs dozens of
queries per step. ``Replay`` takes the same steps on reports held in memory, each through the
services' own rules (``services.*_apply``: rights, required fields, versions, lateness, the
reason and user of each history entry; ``closing`` for obligations a completed measure ends;
``authors_among`` and ``review_message`` for whom the bell tells what), at the moment given, and
``write`` stores the result in a few statements: the same rows, states, versions and history
entries (dated at their moments) as the services would have written, evidence files, and the bell
notifications. No e-mail is queued: past events are not mailed (the outbox is paused meanwhile).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import override_settings

from accounts.models import User
from outbox.services import outbox_paused

from . import services
from .models import Evidence, Notification, Submission
from .notify import notifications

UPDATED = [f.name for f in Submission._meta.concrete_fields if not f.primary_key]
History = Submission.history.model
TRACKED = [f.attname for f in History.tracked_fields]


def _run_many(sql: str, columns, rows, *extra) -> None:
    params = [[c.get_db_prep_save(getattr(row, c.attname), connection) for c in columns] for row in rows]
    for name in extra:  # columns after the fields, e.g. the key of an UPDATE
        for values, row in zip(params, rows, strict=True):
            values.append(getattr(row, name))
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def update_many(model, rows, fields: list[str]) -> None:
    """``bulk_update`` as one prepared UPDATE run for every row: Django's CASE-per-field form
    costs more to build than the whole replay."""
    quote, meta = connection.ops.quote_name, model._meta
    columns = [meta.get_field(name) for name in fields]
    sets = ", ".join(f"{quote(c.column)} = %s" for c in columns)
    _run_many(f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s", columns, rows, "pk")


def insert_many(model, rows) -> None:
    """``bulk_create`` as one prepared INSERT run for every row, with the values as they are:
    times of creation are the steps' moments, not now."""
    quote, meta = connection.ops.quote_name, model._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    names = ", ".join(quote(c.column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    _run_many(f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})", columns, rows)


def _by_agency(users) -> dict[int, list[User]]:
    grouped = defaultdict(list)
    for user in users:
        grouped[user.agency_id].append(user)
    return grouped


class Replay:
    """Steps on ``rows`` (reports loaded with their measure and its budget lines, period and plan,
    agency), in the order they happened; then ``write()`` once."""

    def __init__(self, rows: list[Submission]) -> None:
        self.rows = {r.pk: r for r in rows}
        agencies = {r.agency_id for r in rows}
        measures = {r.measure_id for r in rows}
        self.heads = _by_agency(services.heads(agencies))
        self.people = _by_agency(services.agency_people(agencies))
        self.worked_on = defaultdict(set)
        for pk, user in (
            Submission.history.filter(id__in=self.rows).exclude(history_user=None).values_list("id", "history_user")
        ):
            self.worked_on[pk].add(user)
        self.with_evidence = set(Evidence.objects.filter(submission__in=rows).values_list("submission", flat=True))
        self.spent = defaultdict(dict)  # measure -> {accepted report: spent}
        accepted = Submission.objects.filter(measure__in=measures, status=Submission.Status.ACCEPTED)
        for pk, measure, spent in accepted.values_list("pk", "measure", "spent"):
            self.spent[measure][pk] = spent
        self.open = self._open_obligations(rows, measures)
        self.changed, self.deleted, self.history, self.evidence, self.notices = set(), {}, [], [], []

    def _open_obligations(self, rows, measures) -> dict[int, list[Submission]]:
        """Every open report a completed measure could close: these rows, and the others from the
        earliest of their periods on."""
        start = min((r.period.start for r in rows), default=dt.date.max)
        others = (
            Submission.objects.filter(measure__in=measures, status__in=Submission.OUTSTANDING, period__start__gte=start)
            .exclude(pk__in=self.rows)
            .select_related("period")
        )
        grouped = defaultdict(list)
        for row in [*self.rows.values(), *others]:
            grouped[row.measure_id].append(row)
        return grouped

    # --- the steps, as the services take them ---------------------------------------------------

    def draft(self, sub: Submission, user: User, moment: dt.datetime, data: dict) -> Submission:
        data = services.draft_check(sub, user, data)
        return self._record(services.draft_apply(sub, user, data, moment), moment)

    def add_evidence(self, sub: Submission, user: User, moment: dt.datetime, file) -> None:
        evidence = services.evidence_store(sub, user, file)
        evidence.uploaded_at = moment
        self.evidence.append(evidence)
        self.with_evidence.add(sub.pk)
        sub._change_reason, sub._history_user = services.EVIDENCE_ADDED_WHY, user
        self._record(sub, moment, evidence_name=evidence.name)

    def submit(self, sub: Submission, user: User, moment: dt.datetime) -> Submission:
        errors = services.completeness_errors(
            sub, has_evidence=lambda: sub.pk in self.with_evidence, left=lambda: self._budget_left(sub)
        )
        services.submit_apply(sub, user, moment, has_head=lambda: bool(self.heads[sub.agency_id]), errors=errors)
        self._record(sub, moment)
        if sub.status == Submission.Status.SIGNED:
            self._notify(services.sign_off_message(sub, self.heads[sub.agency_id]), moment)
        return sub

    def sign(self, sub: Submission, user: User, moment: dt.datetime) -> Submission:
        return self._record(services.sign_apply(sub, user, moment), moment)

    def accept(self, sub: Submission, user: User, moment: dt.datetime) -> Submission:
        self._record(services.accept_apply(sub, user, moment), moment)
        self.spent[sub.measure_id][sub.pk] = sub.spent
        if sub.progress == Submission.Progress.COMPLETED:
            self._close_obligations(sub, user, moment)
        self._notify(services.review_message(sub, self._authors(sub), "accepted"), moment)
        return sub

    def return_(self, sub: Submission, user: User, moment: dt.datetime, reason: str) -> Submission:
        self._record(services.return_apply(sub, user, reason, moment), moment)
        self._notify(services.review_message(sub, self._authors(sub), "returned", sub.return_reason), moment)
        return sub

    # --- what the services read from the database, kept in memory -----------------------------

    def _budget_left(self, sub: Submission) -> Decimal:
        spent = (s for pk, s in self.spent[sub.measure_id].items() if pk != sub.pk and s is not None)
        return services.budget_left(sub, sum(spent, Decimal(0)))

    def _authors(self, sub: Submission) -> list[User]:
        return services.authors_among(self.people[sub.agency_id], sub, self.worked_on[sub.pk])

    def _close_obligations(self, accepted: Submission, user: User, moment: dt.datetime) -> None:
        for row in list(self.open[accepted.measure_id]):
            action = services.closing(accepted, row)
            if action == "deleted":
                self.open[accepted.measure_id].remove(row)
                self.deleted[row.pk] = row
                self.history.append(self._entry(row, "-", moment, None, None))
            elif action == "closed":
                services.apply_changes(
                    row, user, services.CLOSED_WHY, moment, status=Submission.Status.CLOSED, closed_by=accepted
                )
                self._record(row, moment)

    def _record(self, sub: Submission, moment: dt.datetime, evidence_name: str = "") -> Submission:
        """The history entry the save after a step writes, and the row to update."""
        if sub.pk in self.deleted:  # as the service finds no row to lock
            raise Submission.DoesNotExist(f"report {sub.pk} was withdrawn when its measure was completed")
        sub.updated_at = moment
        self.changed.add(sub.pk)
        self.rows.setdefault(sub.pk, sub)
        entry = self._entry(sub, "~", moment, sub._history_user, sub._change_reason)
        entry.evidence_name = evidence_name
        self.history.append(entry)
        self.worked_on[sub.pk].add(sub._history_user.pk)
        return sub

    @staticmethod
    def _entry(sub: Submission, kind: str, moment: dt.datetime, user: User | None, why: str | None):
        fields = {name: getattr(sub, name) for name in TRACKED}
        return History(history_date=moment, history_type=kind, history_user=user, history_change_reason=why, **fields)

    def _notify(self, message: dict, moment: dt.datetime) -> None:
        with outbox_paused():
            for notice in notifications(**message):
                notice.created_at = moment
                self.notices.append(notice)

    # --- writing ------------------------------------------------------------------------------

    def write(self) -> None:
        try:
            self._write()
        except Exception:
            for evidence in self.evidence:  # no file stays behind without its row
                evidence.file.delete(save=False)
            raise

    @transaction.atomic
    def _write(self) -> None:
        rows = [r for pk, r in self.rows.items() if pk in self.changed and pk not in self.deleted]
        update_many(Submission, rows, UPDATED)
        if self.deleted:
            # Their history entries (dated when the measure was accepted) are among the others.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                Submission.objects.filter(pk__in=self.deleted).delete()
        for model, rows in ((History, self.history), (Evidence, self.evidence), (Notification, self.notices)):
            insert_many(model, rows)
