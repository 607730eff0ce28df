"""Search on common words ranks the newest matches, not every row with the word: each backend
reads a word's rows newest first. SQLite: the FTS5 table's rowid becomes the row's date (in
days) above its id (`klynge.search.backends.fts_key`), FTS5 reading rowids in order.
PostgreSQL: an index on (date, id), newest first. Both: an index on the few rows copied per
state an initiative may be known in, read for every search."""

from django.db import migrations, models
from django.db.models import Q

#: `fts_key` in SQL, and back.
KEY = "((COALESCE(CAST(julianday(e.date) - 1721424.5 AS INTEGER), 0) << 32) | e.id)"
ID = "(f.rowid & 4294967295)"


def _rekey(rowid: str, join: str) -> list[str]:
    return [
        "CREATE VIRTUAL TABLE search_fts_keyed USING fts5(title, terms, tokenize = 'unicode61')",
        f"INSERT INTO search_fts_keyed(rowid, title, terms) SELECT {rowid}, f.title, f.terms "  # noqa: S608
        f"FROM search_fts f JOIN search_searchentry e ON e.id = {join}",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_keyed RENAME TO search_fts",
        "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
    ]


SQLITE = _rekey(KEY, "f.rowid")
SQLITE_REVERSE = _rekey("e.id", ID)
POSTGRES = [
    "CREATE INDEX search_entry_newest ON search_searchentry (date DESC NULLS LAST, id DESC)",
]
POSTGRES_REVERSE = ["DROP INDEX search_entry_newest"]


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0004_initiative_state_variants")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                condition=Q(variant=True), fields=["initiative"], name="search_entry_variants"
            ),
        ),
    ]
