"""Derived facts about one negotiation as of a day ("7 rounds since September 2019").

`derive` computes them from plain records (pure functions), `text` words them as sentences,
`data` reads one negotiation's records from the database for them, and `aggregate` gives
the same facts counting the statements in the database (what pages and the API use).
Others use `facts_for(negotiation, as_of, since_event=...)`, `sentence_texts(negotiation,
as_of)` (what the facts say, no sources read) and `SinceEventError`.
"""

from .aggregate import facts_for, sentence_texts
from .derive import SinceEventError, compute_facts

__all__ = ["SinceEventError", "compute_facts", "facts_for", "sentence_texts"]
