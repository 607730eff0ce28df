"""Two-factor login with TOTP (django-otp): turned on by the user, asked for at every login,
required of administrators and secretariats when TWO_FACTOR_REQUIRED is on."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import PASSWORD, log_in_with_password, login

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, step: int = 0) -> str:
    """The code the user's app shows now (or `step` periods on)."""
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, digits=6, drift=step):06d}"


def turn_on(client, user) -> TOTPDevice:
    login(client, user)
    page = client.get(reverse("two_factor_setup"))
    assert page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    response = client.post(reverse("two_factor_setup"), {"code": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_turning_it_on_needs_a_code_from_the_new_key(client, member):
    login(client, member)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=member)
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200 and "Koden passer ikke" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    client.post(reverse("two_factor_setup"), {"code": code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="two_factor.enable", actor=member).exists()


def test_a_login_then_asks_for_the_code(client, member):
    device = turn_on(client, member)
    client.post(reverse("logout"))
    assert log_in_with_password(client, member.email, PASSWORD)
    # The password alone reaches nothing but the code page.
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("two_factor_verify")
    )
    # Nor the API (which reads no session anyway): the code page first, as everywhere.
    assert client.get("/api/v1/bodies")["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert "Koden er forkert" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # At once again: refused however right, django-otp waits after a wrong code.
    throttled = client.post(reverse("two_factor_verify"), {"code": code(device, step=1)})
    assert "Vent lidt" in throttled.content.decode()
    time.sleep(1.1)
    # The next period's code (the one used at setup may not be used twice).
    right = client.post(
        reverse("two_factor_verify") + "?next=/klynger/", {"code": code(device, step=1)}
    )
    assert right.status_code == 302 and right["Location"] == "/klynger/"
    assert client.get(reverse("home")).status_code == 200
    actions = set(AuditEvent.objects.filter(actor=member).values_list("action", flat=True))
    assert {"session.two_factor", "session.two_factor_failed"} <= actions


def test_it_can_be_turned_off_unless_required(client, member, secretariat, settings):
    turn_on(client, member)
    client.post(reverse("two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=member).exists()
    settings.TWO_FACTOR_REQUIRED = True
    turn_on(client, secretariat)
    response = client.post(reverse("two_factor_disable"), follow=True)
    assert "kan ikke slås fra" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()


def test_required_for_secretariats_and_administrators_only(client, member, secretariat, settings):
    settings.TWO_FACTOR_REQUIRED = True
    login(client, member)
    assert client.get(reverse("home")).status_code == 200
    login(client, secretariat)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    setup = client.get(response["Location"])
    assert "Din rolle i Klynge kræver to-faktor-login" in setup.content.decode()
    device = TOTPDevice.objects.get(user=secretariat)
    client.post(reverse("two_factor_setup"), {"code": code(device)})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("required", [False, True], ids=["optional", "required"])
def test_the_password_alone_cannot_replace_or_remove_the_device(
    client, secretariat, settings, required
):
    """Finding 1 of the third penetration test: a login with the password only read a new
    secret at the setup page, confirmed it with its own code and was fully logged in."""
    settings.TWO_FACTOR_REQUIRED = required
    device = turn_on(client, secretariat)
    client.post(reverse("logout"))
    assert log_in_with_password(client, secretariat.email, PASSWORD)
    verify = reverse("two_factor_verify")
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 302 and setup["Location"].startswith(verify)
    assert not TOTPDevice.objects.filter(user=secretariat, confirmed=False).exists()
    for name in ["two_factor_setup", "two_factor_disable"]:
        response = client.post(reverse(name), {"code": code(device)})
        assert response.status_code == 302 and response["Location"].startswith(verify)
    assert list(TOTPDevice.objects.filter(user=secretariat)) == [device]
    assert client.get(reverse("home"))["Location"].startswith(verify)


def test_a_session_from_before_the_device_gives_the_code_before_changing_it(client, member):
    login(client, member)  # no device yet: the session is let in on the password
    device = TOTPDevice.objects.create(user=member, name="Klynge", confirmed=True)
    for name in ["two_factor_setup", "two_factor_disable"]:
        response = client.post(reverse(name), {"code": "000000"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=member)) == [device]
    # And now the session is asked for the code everywhere.
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def test_a_device_removed_while_the_code_is_asked_for_lets_the_login_on(client, member):
    device = turn_on(client, member)
    client.post(reverse("logout"))
    assert log_in_with_password(client, member.email, PASSWORD)
    device.delete()  # an administrator helps with a lost phone
    response = client.get(reverse("two_factor_verify"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_turning_it_on_ends_the_sessions_that_gave_the_password_alone(member):
    # A stolen password logged in before the owner turned the second factor on: that session
    # ends, so it can neither read on nor make an API token that skips the code.
    from django.test import Client

    thief, owner = Client(), Client()
    login(thief, member)
    assert thief.get(reverse("home")).status_code == 200
    turn_on(owner, member)
    assert owner.get(reverse("home")).status_code == 200
    assert owner.get(reverse("account")).status_code == 200
    refused = thief.post(reverse("account"), {"name": "x", "days": 30})
    assert refused.status_code == 302 and reverse("login") in refused["Location"]
    assert not member.api_tokens.exists()
    assert thief.get(reverse("home")).status_code == 302
