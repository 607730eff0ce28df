"""A database that cannot be reached answers 503 with Retry-After and a Danish page, not a
500 or a hang (the full drill restarts PostgreSQL under load: `make load`)."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path


@login_not_required
def broken_database(request):
    with connection.cursor() as cursor:
        # A real error from the database, as when it has gone away mid-request.
        cursor.execute("SELECT * FROM klynge_no_such_table")
    return HttpResponse("unreachable")


@login_not_required
def crash(request):
    raise ValueError("a bug")


urlpatterns = [path("db/", broken_database), path("bug/", crash)]
handler500 = "klynge.front.views.server_error"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_database_error_is_a_503_and_a_bug_a_500(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client(raise_request_exception=False)
    response = client.get("/db/")
    if connection.vendor == "postgresql":
        # PostgreSQL reports a missing table as a ProgrammingError: a bug, not an outage.
        assert response.status_code == 500
    else:
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert "Klynge kan ikke nå sin database" in response.content.decode()
    bug = client.get("/bug/")
    assert bug.status_code == 500 and "Der skete en fejl" in bug.content.decode()
