"""A full disk while storing a bilag: a clear message, no half-saved row, no orphan file.

The disk is made "full" for real at the operating system's level: the process may write no
file larger than 64 KB (RLIMIT_FSIZE), so storing a 300 KB bilag fails half-way, as it does
when the disk fills up under it.
"""

import resource
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login
from klynge.meetings.models import Attachment

pytestmark = pytest.mark.django_db


@contextmanager
def disk_takes_only(limit: int):
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_full_disk_saves_nothing_and_says_so(client, meeting, secretariat, settings):
    item = meeting.items.first()
    login(client, secretariat)
    big = b"%PDF-1.4\n" + b"0" * 300_000 + b"\n%%EOF\n"
    upload = SimpleUploadedFile("budget.pdf", big, content_type="application/pdf")
    changes = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).count()
    with disk_takes_only(64 * 1024):
        response = client.post(reverse("attachment_upload", args=[item.pk]), {"file": upload})
    assert response.status_code == 422
    assert "der ikke er plads på serveren" in response.content.decode()
    assert not Attachment.objects.exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).count() == changes
    media = Path(settings.MEDIA_ROOT)
    assert not [path for path in media.rglob("*") if path.is_file()], "no orphan file"
    # With room again, the same upload is stored whole.
    upload.seek(0)
    client.post(reverse("attachment_upload", args=[item.pk]), {"file": upload})
    stored = Attachment.objects.get()
    assert stored.file.read() == big
