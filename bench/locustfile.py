"""A morning at the company (issue 13), for locust: 80 % salespeople, 15 % managers, 5 % people who only look at
their notifications, each waiting 1-3 s between requests. Run it through bench/load.py, which seeds the database,
starts gunicorn (production settings, loopback only), hands this file the users' sessions and the data they work
on, runs locust headless and bounded (--users, --run-time), then counts the writes.

Environment (written by bench/load.py):
  LOAD_PEOPLE  a JSON file: {"sales": [{"cookie", "leads": [ids of open leads], "digits": [7-digit searches]}],
               "managers": [{"cookie", "owner": id of a person they see}], "bell": [{"cookie"}]}
  LOAD_WRITES  a file this run appends one line to for every write the server confirmed (a 302 after the POST):
               "contact <marker>" or "lead <marker>"; load.py then looks for each marker in the database
  LOAD_RUN     this run's tag, part of every marker (and of the new customers' phone numbers: 199 + 3 digits)

A salesperson goes round home, the lead list, its page 2, a search by 7 digits of a phone and one of their leads'
pages; in one round of five the round ends with a write: a contact logged on that lead, or (one time in two) a new
lead. A manager opens the overdue dashboard, the lead list filtered by one of their people, and the lead reports.
Requests are grouped by page (`name=`), so the statistics are per page whatever the ids.
"""

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

PEOPLE = json.loads(open(os.environ["LOAD_PEOPLE"], encoding="utf-8").read())  # noqa: SIM115
RUN = os.environ["LOAD_RUN"]
WRITES = os.environ["LOAD_WRITES"]
_written = threading.Lock()
_numbers = itertools.count(1)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _record(kind, marker):
    with _written, open(WRITES, "a", encoding="utf-8") as out:
        out.write(f"{kind} {marker}\n")


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    pool = ()

    def on_start(self):
        self.me = random.choice(PEOPLE[self.pool])
        self.client.cookies.set("sessionid", self.me["cookie"])

    def page(self, path, name=None):
        with self.client.get(path, name=name or path, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
        return response

    def post(self, path, data, name, *, form_page):
        """POST with the CSRF token of the form's page; a write counts when the server answers with its redirect."""
        token = CSRF.search(form_page.text or "")
        if token is None:
            return None
        data = {"csrfmiddlewaretoken": token.group(1), **data}
        headers = {"Referer": self.host + form_page.request.path_url}
        with self.client.post(
            path, data=data, name=name, headers=headers, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}: the write was refused")
                return None
        return response


class Salesperson(Person):
    weight = 80
    pool = "sales"

    def on_start(self):
        super().on_start()
        self.rounds = itertools.count(random.randrange(1, 6))  # one round in five writes, not all in the same one

    @task
    def round(self):
        lead = random.choice(self.me["leads"])
        self.page("/", "home")
        self.wait()  # the think time between every two pages, not only between rounds
        self.page("/leads/", "lead list")
        self.wait()
        self.page("/leads/?page=2", "lead list page 2")
        self.wait()
        self.page(f"/leads/?q={random.choice(self.me['digits'])}", "search 7 digits")
        self.wait()
        page = self.page(f"/leads/{lead}/", "lead page")
        if next(self.rounds) % 5:
            return
        self.wait()
        if random.random() < 0.5:
            marker = f"load {RUN} contact {next(_numbers)}"
            data = {"contact-channel": "phone", "contact-summary": marker, "contact-next_step": ""}
            if self.post(f"/leads/{lead}/contact/", data, "log a contact (POST)", form_page=page):
                _record("contact", marker)
        else:
            form = self.page("/leads/new/", "new lead form")
            self.wait()
            number = next(_numbers)
            marker = f"压测{RUN}-{number}"
            data = {"name": marker, "phone": f"199{RUN}{number:05d}", "channel": "wechat", "enquiry": "两室一厅"}
            if self.post("/leads/new/", data, "new lead (POST)", form_page=form):
                _record("lead", marker)


class Manager(Person):
    weight = 15
    pool = "managers"

    @task(2)
    def dashboard(self):
        self.page("/sla/dashboard/", "overdue dashboard")

    @task(2)
    def filters(self):
        self.page(f"/leads/?owner={self.me['owner']}&state=contacted", "lead list filtered")

    @task(1)
    def reports(self):
        self.page("/leads/reports/", "lead reports")


class Bell(Person):
    weight = 5
    pool = "bell"

    @task
    def notifications(self):
        self.page("/notifications/", "notifications")
