"""The simulated users of `make load` (scripts/load.py gives the ids, sessions and tokens).

Three kinds of user, as the day looks: members and chairs reading their pages, the
secretariat working on meetings and searching, systems reading the API; and the public on the
public archive. `/healthz`, the minimal view, is asked beside them as the baseline.
"""

import json
import os
import random

from locust import HttpUser, between, task

FACTS = json.loads(os.environ["LOAD_FACTS"])


class Member(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.cookies.set("klynge-session", random.choice(FACTS["sessions"]))

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def meeting(self) -> None:
        self.client.get(f"/moeder/{random.choice(FACTS['meetings'])}/", name="meeting")

    @task(2)
    def body(self) -> None:
        self.client.get(f"/organer/{random.choice(FACTS['bodies'])}/", name="body")

    @task(2)
    def portfolio(self) -> None:
        self.client.get(f"/handleplaner/{FACTS['plan']}/", name="portfolio")

    @task(2)
    def initiative(self) -> None:
        self.client.get(f"/indsatser/{random.choice(FACTS['initiatives'])}/", name="initiative")

    @task(2)
    def search(self) -> None:
        query = random.choice(["diabetes", "sundhedsaftale", "genindlæggelser", "ældre"])
        self.client.get(f"/soeg/?q={query}", name="search")

    @task(1)
    def baseline(self) -> None:
        self.client.get("/healthz", name="baseline")


class Public(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    @task(3)
    def public_list(self) -> None:
        self.client.get("/offentlig/", name="public_list")

    @task(3)
    def public_meeting(self) -> None:
        meeting = random.choice(FACTS["public_meetings"])
        self.client.get(f"/offentlig/moeder/{meeting}/", name="public_meeting")

    @task(1)
    def baseline(self) -> None:
        self.client.get("/healthz", name="baseline")


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {random.choice(FACTS['tokens'])}"

    @task(2)
    def bodies(self) -> None:
        self.client.get("/api/v1/bodies", name="api_bodies")

    @task(2)
    def meetings(self) -> None:
        self.client.get("/api/v1/meetings", name="api_meetings")

    @task(1)
    def search(self) -> None:
        self.client.get("/api/v1/search?q=diabetes", name="api_search")
