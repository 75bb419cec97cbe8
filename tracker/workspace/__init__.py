"""The analyst's workspace on the record: notes, tags, saved views, visits and the change log.

`models` holds notes (private or shared with a group, kept in history), tags on records, saved
views and each user's last visit of a timeline; `changes` reads django-simple-history into
readable sentences ("Round 8: end changed from March 2020 to 1 April 2020"); `tags` and
`visits` are the reads and writes the pages and the API share. Records are named as the
timeline names them: a lane ("rounds", "positions", "events", "statements") and an id.
Imports `tracker` only.
"""
