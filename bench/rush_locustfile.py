"""The deadline-day rush, as locust users; started by bench/rush.py (which seeds the sessions).

Officers: My quarter, one report's form, save a draft, and now and then submit it. Coordinators:
the four dashboards. Each user thinks 1–5 s before each page they open or form they send, as a
person reads a page before clicking (``RUSH_WAIT=0`` for none, to measure capacity).
geventhttpclient's client (``FastHttpUser``) keeps the load tool's own CPU small: it shares the
machine's cores with the server. Every user is already signed in: rush.py writes a session per
seeded user into ``RUSH_SESSIONS`` (JSON), so the password hash of a sign-in is not part of the
figures.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
from http.cookiejar import Cookie

from locust import FastHttpUser, between, constant, task

with open(os.environ["RUSH_SESSIONS"]) as f:
    SESSIONS = json.load(f)
WAIT = between(1, 5) if os.environ.get("RUSH_WAIT", "1") != "0" else constant(0)
EDIT = re.compile(r"/plans/submissions/(\d+)/edit/")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
_lock = threading.Lock()
_next = {"officer": 0, "coordinator": 0}


def _sign_in(user: FastHttpUser, role: str) -> None:
    """Put the next seeded session of ``role`` into the user's cookie jar."""
    with _lock:
        keys = SESSIONS[role]
        key = keys[_next[role] % len(keys)]
        _next[role] += 1
    host = user.host.split("//", 1)[1].split(":", 1)[0]
    cookie = Cookie(0, "sessionid", key, None, False, host, False, False, "/", True, False, None, True, None, None, {})
    user.client.cookiejar.set_cookie(cookie)


class Officer(FastHttpUser):
    wait_time = WAIT

    def on_start(self):
        _sign_in(self, "officer")
        self.open = []

    @task
    def quarter_form_draft_submit(self):
        page = self.client.get("/plans/quarter/", name="my quarter")
        self.open = EDIT.findall(page.text or "") or self.open
        if not self.open:
            return
        pk = random.choice(self.open)
        url = f"/plans/submissions/{pk}/edit/"
        self.wait()
        form = self.client.get(url, name="form")
        token, version = TOKEN.search(form.text), VERSION.search(form.text)
        if not (token and version):  # sent already (by this officer's colleague): pick another next time
            self.open.remove(pk)
            return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "version": version.group(1),
            "progress": "in_progress",
            "narrative": "Ақпарат Ұлттық экономика министрлігіне жіберілді. Жұмыс жалғасуда.",
            "letter_number": "01-12/345",
            "letter_date": "2026-11-04",
            "action": "save",
        }
        headers = {"Referer": self.host + url}
        self.wait()
        saved = self.client.post(url, data=data, headers=headers, name="save draft", allow_redirects=False)
        if saved.status_code != 302 or random.random() > 0.3:
            return
        form = self.client.get(url, name="form")  # where saving leads, as a browser follows it
        token, version = TOKEN.search(form.text), VERSION.search(form.text)
        if token and version:
            self.wait()
            data.update(csrfmiddlewaretoken=token.group(1), version=version.group(1), action="submit")
            self.client.post(url, data=data, headers=headers, name="submit", allow_redirects=False)
            self.open.remove(pk)


class Coordinator(FastHttpUser):
    wait_time = WAIT

    def on_start(self):
        _sign_in(self, "coordinator")

    @task(3)
    def overview(self):
        self.client.get("/dashboards/", name="dashboard: overview")

    @task(2)
    def scorecard(self):
        self.client.get("/dashboards/scorecard/", name="dashboard: scorecard")

    @task(2)
    def overdue(self):
        self.client.get(f"/dashboards/overdue/?page={random.randint(1, 5)}", name="dashboard: overdue")

    @task(1)
    def budget(self):
        self.client.get("/dashboards/budget/", name="dashboard: budget")


class Floor(FastHttpUser):
    """The floor of the same run: the sign-in page, anonymous (one template, no query), as fast as
    the server answers; what this machine can serve at all right now."""

    wait_time = WAIT

    @task
    def sign_in_page(self):
        self.client.get("/accounts/login/", name="floor: sign-in page")
