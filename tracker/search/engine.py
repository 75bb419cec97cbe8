"""One search in front of two databases: PostgreSQL full-text search or SQLite FTS5.

`search(text, user=...)` parses the text (`query.SearchQuery`), runs it against the index
(`models.SearchEntry`) over the negotiations the user may see, and answers `Results`: the
number of matches and a page of hits, best first, their words highlighted as safe HTML.
Negotiations the user may not see are left out inside the query, so their words reach
neither the hits, their snippets nor the count. Rank values stay inside: they are not shown.

Tag names are searched too, for the users who may see tags (`Tag.objects.visible_to`): a record
carrying a tag that matches every term is a hit, listed before the records matched by their
words (an analyst labelled it so), with the matching tags in `Hit.tags`. Tags of others never
reach anyone who may not see them, neither as hits nor in the count.
"""

from dataclasses import dataclass

from django.db import connection

from ..models import Negotiation
from ..workspace.models import Tag
from .documents import MARKS
from .highlight import has_match, marked_html, plain
from .query import SearchQuery

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Past this many matches a search counts "more than 2,000" and PostgreSQL ranks the first
# 2,000 it finds: ranking every match of a word in most records costs seconds, not ms.
MAX_RANKED = 2000

_POSTGRES = """
WITH q AS (SELECT websearch_to_tsquery('english', %s) AS query),
found AS (
    SELECT e.id FROM tracker_searchentry e, q
    WHERE e.document @@ q.query AND e.negotiation_id IN ({visible}) {only} {exclude}
    LIMIT %s
),
top AS (
    SELECT e.id, e.negotiation_id, e.lane, e.record_id, e."when", e.title, e.body, e.sources,
           ts_rank(e.document, q.query) AS rank, count(*) OVER () AS total
    FROM found JOIN tracker_searchentry e ON e.id = found.id, q
    ORDER BY rank DESC, e.id
    LIMIT %s OFFSET %s
)
SELECT top.total, n.slug, n.title, top.lane, top.record_id, top."when",
       ts_headline('english', top.title, q.query, %s),
       ts_headline('english', top.body, q.query, %s),
       ts_headline('english', top.sources, q.query, %s)
FROM top JOIN tracker_negotiation n ON n.id = top.negotiation_id, q
ORDER BY top.rank DESC, top.id
"""
_WHOLE = f"HighlightAll=true, StartSel={MARKS[0]}, StopSel={MARKS[1]}"
_SNIPPET = (
    f"MaxFragments=2, MaxWords=24, MinWords=10, StartSel={MARKS[0]}, StopSel={MARKS[1]}, "
    'FragmentDelimiter=" … "'
)

_SQLITE_COUNT = """
SELECT count(*) FROM (
    SELECT 1 FROM tracker_search_fts
    JOIN tracker_searchentry e ON e.id = tracker_search_fts.rowid
    WHERE tracker_search_fts MATCH %s AND e.negotiation_id IN ({visible}) {only} {exclude}
    LIMIT %s
)
"""
_SQLITE = """
SELECT 0, n.slug, n.title, e.lane, e.record_id, e."when",
       highlight(tracker_search_fts, 0, %s, %s),
       snippet(tracker_search_fts, 1, %s, %s, ' … ', 24),
       snippet(tracker_search_fts, 2, %s, %s, ' … ', 24)
FROM tracker_search_fts
JOIN tracker_searchentry e ON e.id = tracker_search_fts.rowid
JOIN tracker_negotiation n ON n.id = e.negotiation_id
WHERE tracker_search_fts MATCH %s AND e.negotiation_id IN ({visible}) {only} {exclude}
ORDER BY bm25(tracker_search_fts, 10.0, 4.0, 1.0), e.id
LIMIT %s OFFSET %s
"""
# Records whose visible tags match: entry id, lane, record id, one row per matching tag.
_TAGGED = """
SELECT e.id, e.lane, e.record_id, t.name FROM {tags} t
JOIN tracker_searchentry e
  ON e.negotiation_id = t.negotiation_id AND e.lane = t.lane AND e.record_id = t.record_id
WHERE {match} AND t.id IN ({visible_tags}) AND t.negotiation_id IN ({visible}) {only}
"""
_TAG_MATCH = {
    "postgresql": (
        "tracker_tag",
        "to_tsvector('english', t.name) @@ websearch_to_tsquery('english', %s)",
    ),
    "sqlite": (
        "tracker_tag_fts JOIN tracker_tag",
        "tracker_tag_fts MATCH %s AND t.id = tracker_tag_fts.rowid",
    ),
}
_TAGGED_ROWS = """
SELECT 0, n.slug, n.title, e.lane, e.record_id, e."when", e.title, e.body, e.sources, e.id
FROM tracker_searchentry e JOIN tracker_negotiation n ON n.id = e.negotiation_id
WHERE e.id IN ({ids})
"""
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Hit:
    """One matching record: where it is, its heading and a snippet, matches between MARKS."""

    negotiation_slug: str
    negotiation_title: str
    lane: str
    record_id: int
    when: str
    marked_title: str
    marked_snippet: str
    tags: tuple[str, ...] = ()

    @property
    def key(self):
        """The record's key on the timeline page, e.g. "events-12"."""
        return f"{self.lane}-{self.record_id}"

    @property
    def title(self):
        return plain(self.marked_title)

    @property
    def snippet(self):
        return plain(self.marked_snippet)

    @property
    def title_html(self):
        """The heading as safe HTML: escaped, matches in <mark>."""
        return marked_html(self.marked_title)

    @property
    def snippet_html(self):
        return marked_html(self.marked_snippet)


@dataclass(frozen=True)
class Results:
    """`total` matches (at most MAX_RANKED; `more` when there are others) and a page of hits."""

    query: SearchQuery
    total: int
    hits: tuple[Hit, ...]
    more: bool = False


def search(text, *, user, negotiation=None, limit=DEFAULT_LIMIT, offset=0):
    """The records matching `text` in negotiations `user` may see (one, if given), best first:
    those whose tags match first, then those whose words match, by rank.

    Raises query.SearchQueryError for text with no words or too many.
    """
    query = SearchQuery.parse(text)
    limit = max(1, min(int(limit), MAX_LIMIT))
    tagged = _tagged(query, user, negotiation)
    page_tagged = sorted(tagged)[offset : offset + limit]
    text_offset = max(0, offset - len(tagged))
    total, rows = _words(query, user, negotiation, limit, text_offset, exclude=sorted(tagged))
    total += len(tagged)
    more = total > MAX_RANKED
    hits = [*_tagged_hits(page_tagged, tagged), *(_hit(row) for row in rows)]
    hits = hits[: max(0, min(limit, MAX_RANKED - offset))]
    return Results(query, min(total, MAX_RANKED), tuple(hits), more)


def _scope(user, negotiation):
    visible_sql, visible_params = (
        Negotiation.objects.visible_to(user).values("id").query.sql_with_params()
    )
    only, only_params = "", []
    if negotiation is not None:
        only, only_params = "AND {alias}.negotiation_id = %s", [negotiation.pk]
    return visible_sql, visible_params, only, only_params


def _tagged(query, user, negotiation):
    """{entry id: (matching tag names)} of records whose tags `user` may see match `query`."""
    found = {}
    for entry_id, _, _, name in _tagged_rows(query, user, negotiation):
        if entry_id in found or len(found) <= MAX_RANKED:
            found.setdefault(entry_id, []).append(name)
    return {entry_id: tuple(names) for entry_id, names in found.items()}


def _tagged_rows(query, user, negotiation):
    """(entry id, lane, record id, tag name) of every visible tag matching `query`."""
    tags = Tag.objects.visible_to(user)
    if tags.query.is_empty():
        return []
    tags_sql, tags_params = tags.values("id").query.sql_with_params()
    visible_sql, visible_params, only, only_params = _scope(user, negotiation)
    table, match = _TAG_MATCH[connection.vendor]
    sql = _TAGGED.format(
        tags=table,
        match=match,
        visible_tags=tags_sql,
        visible=visible_sql,
        only=only.format(alias="t"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql + " ORDER BY e.id, t.name",
            [query.quoted(), *tags_params, *visible_params, *only_params],
        )
        return cursor.fetchall()


def _tagged_hits(ids, tagged):
    """Hits of the tagged records `ids`, in that order: title and the opening of their words."""
    if not ids:
        return []
    sql = _TAGGED_ROWS.format(ids=", ".join(["%s"] * len(ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = {row[-1]: row[:-1] for row in cursor.fetchall()}
    hits = []
    for entry_id in ids:
        _, slug, title, lane, record_id, when, heading, body, sources = rows[entry_id]
        words = (body or sources).split()
        snippet = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
        hits.append(Hit(slug, title, lane, record_id, when, heading, snippet, tagged[entry_id]))
    return hits


def _words(query, user, negotiation, limit, offset, *, exclude=()):
    """(matches, rows of one page) of the records whose words match, leaving out `exclude`."""
    visible_sql, visible_params, only, only_params = _scope(user, negotiation)
    only = only.format(alias="e")
    excluded = f"AND e.id NOT IN ({', '.join(['%s'] * len(exclude))})" if exclude else ""
    scope = [*visible_params, *only_params, *exclude]
    if connection.vendor == "postgresql":
        sql = _POSTGRES.format(visible=visible_sql, only=only, exclude=excluded)
        params = [query.quoted(), *scope, MAX_RANKED + 1, limit, offset]
        params += [_WHOLE, _SNIPPET, _SNIPPET]
    else:
        sql = _SQLITE.format(visible=visible_sql, only=only, exclude=excluded)
        params = [*MARKS, *MARKS, *MARKS, query.quoted(), *scope, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if connection.vendor == "postgresql":
            if rows or not offset:
                return (rows[0][0] if rows else 0), rows
            return _words(query, user, negotiation, 1, 0, exclude=exclude)[0], rows
        count_sql = _SQLITE_COUNT.format(visible=visible_sql, only=only, exclude=excluded)
        cursor.execute(count_sql, [query.quoted(), *scope, MAX_RANKED + 1])
        return cursor.fetchone()[0], rows


def matching_keys(text, *, user, negotiation):
    """Keys ("events-12") of every record of one negotiation that matches `text`, by its words
    or by a tag `user` may see."""
    query = SearchQuery.parse(text)
    if not Negotiation.objects.visible_to(user).filter(pk=negotiation.pk).exists():
        return []
    if connection.vendor == "postgresql":
        sql = (
            "SELECT lane, record_id FROM tracker_searchentry "
            "WHERE negotiation_id = %s AND document @@ websearch_to_tsquery('english', %s)"
        )
        params = [negotiation.pk, query.quoted()]
    else:
        sql = (
            "SELECT e.lane, e.record_id FROM tracker_search_fts "
            "JOIN tracker_searchentry e ON e.id = tracker_search_fts.rowid "
            "WHERE tracker_search_fts MATCH %s AND e.negotiation_id = %s"
        )
        params = [query.quoted(), negotiation.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = set(cursor.fetchall())
    found.update((lane, pk) for _, lane, pk, _ in _tagged_rows(query, user, negotiation))
    return sorted(f"{lane}-{record_id}" for lane, record_id in found)


def _hit(row):
    _, slug, title, lane, record_id, when, heading, body, sources = row
    snippet = body if has_match(body) or not has_match(sources) else sources
    if not has_match(snippet) and not plain(snippet).strip():
        snippet = sources
    return Hit(slug, title, lane, record_id, when, heading, snippet)
