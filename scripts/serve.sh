#!/usr/bin/env bash
# Runs Plan Monitor as it runs in production: gunicorn with WhiteNoise, Celery workers and beat, on
# the PostgreSQL and Redis named in the environment (or in .env). Refuses an insecure or laptop
# configuration, naming the variable to set. Ctrl-C or SIGTERM stops every process it started.
#
#   WEB_CONCURRENCY   gunicorn worker processes (default 2)
#   BIND              address gunicorn listens on (default 127.0.0.1:$PORT, PORT default 8000)
#   CELERY_REPORTS_CONCURRENCY, CELERY_EMAIL_CONCURRENCY   worker sizes (default 2 and 4)
#   SERVE_BEAT        1 (default) runs beat here; 0 on every other box: beat must run exactly once
source "$(dirname "$0")/_venv.sh"
export DEBUG=false
PORT=${PORT:-8000}
BIND=${BIND:-127.0.0.1:$PORT}
manage() { .venv/bin/python manage.py "$@"; }

if ! manage check --deploy --fail-level WARNING; then
  echo "serve.sh: refusing to start: set the variables named above (see README, Production)." >&2
  exit 1
fi
manage migrate --noinput
manage collectstatic --noinput -v 0

pids=()
start() { "$@" & pids+=("$!"); }
stop() {
  trap - EXIT INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait
}
trap stop EXIT INT TERM

start .venv/bin/gunicorn config.wsgi:application --bind "$BIND" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --error-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
  --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]'
start .venv/bin/celery -A config worker -l info -n "reports.$PORT@%h" -Q celery,reports \
  --pool prefork --concurrency "${CELERY_REPORTS_CONCURRENCY:-2}" --without-gossip --without-mingle
start .venv/bin/celery -A config worker -l info -n "email.$PORT@%h" -Q email \
  --pool threads --concurrency "${CELERY_EMAIL_CONCURRENCY:-4}" --without-gossip --without-mingle
if [ "${SERVE_BEAT:-1}" = 1 ]; then
  start .venv/bin/celery -A config beat -l info -S django_celery_beat.schedulers:DatabaseScheduler --pidfile=
fi
echo "Plan Monitor (production mode) on http://$BIND/ — health at /healthz"
# The first process to exit stops the others (the trap), and its status is ours.
wait -n
