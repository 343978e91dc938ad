#!/usr/bin/env bash
# Runs every test from nothing. SQLite by default; CI sets DATABASE_URL to PostgreSQL.
# Browser journeys run where /usr/bin/chromium exists; Redis tests where Redis answers.
source "$(dirname "$0")/_venv.sh"
exec .venv/bin/python -m pytest "$@"
