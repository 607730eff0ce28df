"""Files stored beside a row: never one without the other."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.fields.files import FieldFile


@contextmanager
def removed_on_failure(stored: FieldFile) -> Iterator[None]:
    """`stored` was written before its row is saved: if saving fails, the file goes too
    (a file on disk without its row would be half-saved)."""
    try:
        yield
    except Exception:
        stored.delete(save=False)
        raise
