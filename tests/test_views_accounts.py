import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from outbox.models import Email
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_it_changes_the_password(client):
    user = f.UserFactory(username="iim.officer", password="old-pass-1593")
    client.force_login(user)
    assert "Change password" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "old-pass-1593", "new_password1": "Жаңа-құпия-сөз-42", "new_password2": "Жаңа-құпия-сөз-42"},
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Жаңа-құпия-сөз-42")


def test_it_mails_a_reset_link_and_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = f.UserFactory(username="enbek.officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1 and Email.objects.get().status == Email.Status.SENT
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).strip()
    response = client.get(link, follow=True)
    assert "Choose a new password" in response.content.decode()
    client.post(
        response.redirect_chain[-1][0], {"new_password1": "Жаңа-құпия-сөз-42", "new_password2": "Жаңа-құпия-сөз-42"}
    )
    user.refresh_from_db()
    assert user.check_password("Жаңа-құпия-сөз-42")


def test_it_asks_anonymous_visitors_to_sign_in_before_changing_a_password(client):
    assert reverse("login") in client.get(reverse("password_change"))["Location"]


def _my_quarter(client):
    return client.get(reverse("plans:my_quarter"))


def test_a_signed_in_officer_stays_signed_in_until_the_session_expires_or_ends(client):
    """The session and the user are read by statements (``accounts.sessions``,
    ``accounts.backends``): what signs a person out is what signed them out before."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    officer = f.UserFactory(role="officer", agency=f.AgencyFactory(code="ІІМ"))
    client.force_login(officer)
    page = _my_quarter(client)
    assert page.status_code == 200 and "ІІМ" in page.content.decode()  # the header names the agency
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert _my_quarter(client)["Location"].startswith(reverse("login"))
    client.force_login(officer)
    officer.is_active = False
    officer.save()
    assert _my_quarter(client)["Location"].startswith(reverse("login"))
    officer.is_active = True
    officer.save()
    client.force_login(officer)
    Session.objects.all().delete()
    assert _my_quarter(client)["Location"].startswith(reverse("login"))
    client.cookies["sessionid"] = "no-such-session-key-at-all"
    assert _my_quarter(client)["Location"].startswith(reverse("login"))
