"""The backend's own structures: FTS5 tables on SQLite; a GIN index and pg_trgm on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, terms, tokenize = 'unicode61')",
    "CREATE VIRTUAL TABLE search_word_trigram USING fts5(word, tokenize = 'trigram')",
]
SQLITE_REVERSE = ["DROP TABLE search_fts", "DROP TABLE search_word_trigram"]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
    "CREATE INDEX search_word_trigram ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX search_entry_vector", "DROP INDEX search_word_trigram"]


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
