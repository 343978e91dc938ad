#!/usr/bin/env bash
# Sets Plan Monitor up from nothing and runs it: the web server, the Celery worker and beat.
# Safe to run again: every step is idempotent. Ctrl-C, or closing the terminal, stops all three.
source "$(dirname "$0")/_venv.sh"
mkdir -p var
export PORT=${PORT:-8000}  # honcho hands it to the web process
# var/.env makes every `manage.py` command in the README work as printed in another terminal: a
# secret generated once (never committed: var/ is ignored), DEBUG for this local run, and the port,
# so that links in e-mails point at this server. Settings read it after the environment and .env.
secret=$(sed -n 's/^SECRET_KEY=//p' var/.env 2>/dev/null || true)  # none yet on a fresh checkout
[ -n "$secret" ] || secret=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
umask 077
printf 'SECRET_KEY=%s\nDEBUG=%s\nPORT=%s\n' "$secret" "${DEBUG:-true}" "$PORT" > var/.env
umask 022
manage() { .venv/bin/python manage.py "$@"; }
manage migrate --noinput
manage import_plan plans/data/plan_1593
manage import_indicators indicators/data/catalogue.json indicators/data/migration_seeds.csv
manage make_training_copy 1593
manage seed_demo
echo
echo "Plan Monitor: http://127.0.0.1:${PORT}/  (sign in with an account above)"
# honcho runs in the background so that this shell can forward a hang-up (the terminal closed) as
# SIGTERM: honcho then stops web, worker and beat, and the next run finds the port free.
.venv/bin/honcho start -f Procfile &
honcho=$!
trap 'kill -TERM "$honcho" 2>/dev/null; wait "$honcho"' HUP INT TERM
wait "$honcho"
