"""Tag names in search (issue 16): a full-text index over them, one per database.

PostgreSQL: a GIN index on the names' tsvector. SQLite: an FTS5 table over the tag table, kept
in step by triggers and filled with the tags already there.
"""

from django.db import migrations

POSTGRES = [
    "CREATE INDEX tag_name_search ON tracker_tag USING gin (to_tsvector('english', name))",
]
POSTGRES_REVERSE = ["DROP INDEX tag_name_search"]
SQLITE = [
    """CREATE VIRTUAL TABLE tracker_tag_fts USING fts5(
        name, content='tracker_tag', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER tracker_tag_fts_insert AFTER INSERT ON tracker_tag BEGIN
        INSERT INTO tracker_tag_fts(rowid, name) VALUES (new.id, new.name);
    END""",
    """CREATE TRIGGER tracker_tag_fts_delete AFTER DELETE ON tracker_tag BEGIN
        INSERT INTO tracker_tag_fts(tracker_tag_fts, rowid, name)
        VALUES ('delete', old.id, old.name);
    END""",
    """CREATE TRIGGER tracker_tag_fts_update AFTER UPDATE ON tracker_tag BEGIN
        INSERT INTO tracker_tag_fts(tracker_tag_fts, rowid, name)
        VALUES ('delete', old.id, old.name);
        INSERT INTO tracker_tag_fts(rowid, name) VALUES (new.id, new.name);
    END""",
    "INSERT INTO tracker_tag_fts(tracker_tag_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER tracker_tag_fts_update",
    "DROP TRIGGER tracker_tag_fts_delete",
    "DROP TRIGGER tracker_tag_fts_insert",
    "DROP TABLE tracker_tag_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor not in statements:
            raise RuntimeError("Full-text search needs PostgreSQL or SQLite.")
        for statement in statements[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0009_party_aliases_and_extraction"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
