"""The data generation: one row whose token changes, by database triggers, in the same transaction
as any write to a plans table (an upsert, so a flushed table gets its row back with the next write), whatever wrote it (a service, the admin, update(), bulk_create(),
a plan load, raw SQL). Pages computed from these tables are cached under the token they read first,
so a cached page is never older than the data it was computed from. A new token is random, never a
counter, so a rolled-back transaction or a restored backup cannot bring back a token whose cached
pages showed other data."""

import uuid

from django.db import migrations, models

TABLES = [
    "plans_agency",
    "plans_plan_agencies",
    "plans_plan",
    "plans_amendment",
    "plans_direction",
    "plans_measure",
    "plans_budgetline",
    "plans_measureduedate",
    "plans_responsibility",
    "plans_reportingperiod",
    "plans_historicalsubmission",
    "plans_submission",
    "plans_evidence",
    "plans_notification",
    "plans_reminderpolicy",
    "plans_reminder",
    "plans_planversion",
    "plans_planupload",
]

# PostgreSQL: the token changes at commit (a deferred constraint trigger), once per transaction.
# Taken earlier, the row's lock would be held while the transaction goes on to lock reports, and a
# coordinator accepting one report (which closes its co-executors' obligations) could deadlock with
# an officer saving one of those. At commit the lock is held only for the commit itself. A reader
# makes its own transaction's pending renewals happen first (SET CONSTRAINTS … IMMEDIATE, see
# DataGeneration.current), so a page it caches is never filed under the token before its writes.
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION plans_bump_data_generation() RETURNS trigger AS $$
BEGIN
  IF current_setting('plans.generation_renewed', true) IS DISTINCT FROM txid_current()::text THEN
    PERFORM set_config('plans.generation_renewed', txid_current()::text, true);
    INSERT INTO plans_datageneration (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
      ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE CONSTRAINT TRIGGER plans_data_generation AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plans_bump_data_generation()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER plans_data_generation_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION plans_bump_data_generation()"
            )
    elif connection.vendor == "sqlite":
        # Row triggers only in SQLite. An upsert, not INSERT OR REPLACE: the outer statement's
        # OR IGNORE (bulk_create(ignore_conflicts=True)) would turn that into an ignored insert.
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER plans_data_generation_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
                    "INSERT INTO plans_datageneration (id, token) VALUES (1, lower(hex(randomblob(16)))) "
                    "ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
                )
    else:
        raise NotImplementedError(f"no data-generation triggers for {connection.vendor}")
    schema_editor.execute("INSERT INTO plans_datageneration (id, token) VALUES (1, %s)", [uuid.uuid4().hex])


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    for table in TABLES:
        if connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_data_generation ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_data_generation_truncate ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_data_generation_{table}_{event}")
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS plans_bump_data_generation()")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0010_submission_history_evidence_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataGeneration",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
