"""The editors' workspace in the Django admin.

`records` registers every record model with history, autocomplete and inlines; `forms` holds
the concurrency guard and inline forms they share; `issues` lets a position pick its agenda
issue and `versions` lists a news story's versions; `upload` is the interchange upload page;
`paste` is a negotiation's "Paste a report" page (extract, review, save accepted);
`deleted` lists deleted negotiations and `restore` brings one back with its records; `tokens`
issues and revokes API tokens. Importing the package registers everything (Django's admin
autodiscovery imports `tracker.admin`).
"""

from . import records, tokens  # noqa: F401  (registers the model admins)
