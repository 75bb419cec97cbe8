"""Full-text search over the record (issue 16).

`query` reads what the searcher typed, `documents` turns records into index rows,
`models` holds the index, `index` keeps it current (called by `signals` on every save and
delete, and by the interchange import), `engine` searches it on PostgreSQL or SQLite, and
`highlight` turns the databases' marked matches into escaped HTML.

Nothing is imported here: `tracker.models` loads `models` while the record's models load.
"""
