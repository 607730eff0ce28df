"""Files stored beside a row: never one without the other."""

import base64
import datetime
import errno
import io
import os
import secrets
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.core.exceptions import ServiceError


@contextmanager
def removed_on_failure(stored: FieldFile) -> Iterator[None]:
    """`stored` was written before its row is saved: if saving fails, the file goes too
    (a file on disk without its row would be half-saved)."""
    try:
        yield
    except Exception:
        stored.delete(save=False)
        raise


class StorageFullError(ServiceError):
    """The disk would not take the file (full, or over a size limit)."""


class SafeFileSystemStorage(FileSystemStorage):
    """Django's file storage, but a write that fails half-way (a full disk) leaves no partial
    file behind and says so in words the user can act on."""

    def _save(self, name: str, content: Any) -> str:
        try:
            return super()._save(name, content)  # type: ignore[misc]  # stubs lack _save
        except OSError as error:
            if error.errno not in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}:
                raise
            with suppress(FileNotFoundError):
                os.remove(self.path(name))
            raise StorageFullError(
                _(
                    "Filen kunne ikke gemmes, fordi der ikke er plads på serveren. Intet er "
                    "gemt. Prøv igen senere, og sig det til dem, der driver Klynge."
                )
            ) from error


#: The largest directory a zip (an .xlsx, a .docx, minutes for the archive) may have. Each
#: entry is 46 bytes and a name: some 5,000 files of long names, 20,000 of short ones.
MAX_ZIP_DIRECTORY_BYTES = 2**20


class TooManyMembers(zipfile.BadZipFile):
    """A zip whose directory is too large to be read."""


def open_zip(data: bytes) -> zipfile.ZipFile:
    """A zip in memory, its directory checked before Python's zipfile reads it all into memory
    (a 100 MB upload can list two million files). Raises zipfile.BadZipFile on a broken or
    unreadable zip, TooManyMembers on one with a directory over MAX_ZIP_DIRECTORY_BYTES."""
    file = io.BytesIO(data)
    try:
        # The end record, as zipfile itself finds it (zip64 included), without the directory.
        end = zipfile._EndRecData(file)  # type: ignore[attr-defined]
        directory_bytes = end[zipfile._ECD_SIZE] if end else 0  # type: ignore[attr-defined]
        if directory_bytes > MAX_ZIP_DIRECTORY_BYTES:
            raise TooManyMembers(f"the directory is {directory_bytes} bytes")
        return zipfile.ZipFile(file)
    except (NotImplementedError, ValueError, EOFError, struct.error) as error:
        # A version, a name or a field zipfile cannot read: to the caller, a broken zip.
        raise zipfile.BadZipFile(str(error)) from error


def unpacked_size(data: bytes) -> int:
    """What a zip package (.xlsx, .docx) holds once unpacked, by its own directory: Python's
    zipfile never inflates a member past the size stated there, so this bounds what any
    reader of the package can be made to read. Raises zipfile.BadZipFile on a broken zip."""
    with open_zip(data) as archive:
        return sum(info.file_size for info in archive.infolist())


#: How long a preview's file token may be confirmed.
PREVIEW_MAX_AGE = datetime.timedelta(hours=2)

#: Said to a second confirmation of the same preview (a page sent twice, the back button).
ALREADY_IMPORTED = gettext_lazy(
    "Filen fra denne forhåndsvisning er allerede indlæst, og intet er ændret. Vælg filen "
    "igen, hvis den skal indlæses en gang til."
)


def sign_preview(*, salt: str, owner: int, content: bytes, name: str) -> str:
    """An uploaded file as a token its import's confirmation posts back, so nothing is
    stored before then. The token is bound to `owner` (the row the import writes to) and
    names its preview with a random key, so it confirms one import only."""
    return signing.dumps(
        {
            "o": owner,
            "n": name,
            "f": base64.b64encode(content).decode(),
            "p": secrets.token_hex(16),
        },
        salt=salt,
        compress=True,
    )


def unsign_preview(
    token: str, *, salt: str, owner: int, wrong_owner: str
) -> tuple[bytes, str, str]:
    """The file, its name and the preview's key from a `sign_preview` token; `wrong_owner`
    is the message for a token made for another row."""
    try:
        data = signing.loads(token, salt=salt, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as error:
        raise ServiceError(_("Forhåndsvisningen er udløbet. Vælg filen igen.")) from error
    if data.get("o") != owner:
        raise ServiceError(wrong_owner)
    return base64.b64decode(data["f"]), str(data["n"]), str(data.get("p", ""))
