"""Candidate facts from a pasted news report, for an editor to review before anything is saved.

The pipeline is plain functions over plain data, so `manage.py extract_report` and the admin's
"Paste a report" page run the same code: `clean` keeps only the story's own text (no dateline,
captions, "(END)" and the headlines listed after it), `sentences` splits it, `dates` turns
"last September" or "on Wednesday" into partial dates at the precision the words give, `money`
reads figures ("$5 billion", "1.389 trillion won", "a 13 percent increase") without converting
them, `names` matches parties and people against the negotiation's own (with aliases),
`statements` finds quotes and paraphrases with their speakers, `positions`, `events` and
`rounds` find the other lanes, `duplicates` recognises what the record already holds, and
`report` puts it together into the JSON shape of issue 15. `context` reads the negotiation's
record out of the database as plain rows and `save` writes what an editor accepted; nothing
else here touches the ORM.
"""

from .report import ExtractionInputError, extract_report

__all__ = ["ExtractionInputError", "extract_report"]
