"""Django's PostgreSQL backend with the parameters bound by the server, so that psycopg can
prepare what a connection runs again and again (``DB_PREPARE_THRESHOLD`` in the settings).

Bound by the server, a statement carries at most 65,535 parameters, where one built by the client
had no limit; Django's backend never splits a bulk insert, update or cascading delete for
PostgreSQL, so this one keeps each batch under that limit.
"""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        # Twice the fields: an update of many rows binds each field twice a row (CASE WHEN pk
        # THEN value), where Django counts it once.
        return max(MAX_PARAMETERS // (2 * len(fields)), 1) if fields else len(objs)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
