#!/usr/bin/env bash
# Sets Plan Monitor up from nothing and runs it: the web server, the Celery worker and beat.
# Safe to run again: every step is idempotent. Ctrl-C stops all three.
source "$(dirname "$0")/_venv.sh"
export DEBUG=${DEBUG:-true}
export PORT=${PORT:-8000}  # honcho hands it to the web process
mkdir -p var
manage() { .venv/bin/python manage.py "$@"; }
manage migrate --noinput
manage import_plan plans/data/plan_1593
manage import_indicators indicators/data/catalogue.json indicators/data/migration_seeds.csv
manage make_training_copy 1593
manage seed_demo
echo
echo "Plan Monitor: http://127.0.0.1:${PORT}/  (sign in with an account above)"
exec .venv/bin/honcho start -f Procfile
