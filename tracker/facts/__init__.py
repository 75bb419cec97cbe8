"""Derived facts about one negotiation as of a day ("7 rounds since September 2019").

`derive` computes them from plain records (pure functions), `text` words them as sentences,
and `data` reads one negotiation's records from the database for them. Others use
`facts_for(negotiation, as_of, since_event=...)` and `SinceEventError`.
"""

from .data import facts_for
from .derive import SinceEventError, compute_facts

__all__ = ["SinceEventError", "compute_facts", "facts_for"]
