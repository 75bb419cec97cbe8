"""The side panel's details of every record: plain text, which the browser escapes."""

from ..data import UNATTRIBUTED


def record_details(data):
    """{"<lane>-<id>": plain-text details} for the page's side panel; the browser escapes them."""
    details = {}
    for row in data.rounds:
        leads = [f"{person} ({party})" for party, person in row.leads]
        details[f"rounds-{row.id}"] = _detail(
            row, row.title, row.when, f"Leads: {'; '.join(leads)}" if leads else "", row.note
        )
    for row in data.positions:
        text = f"{row.party} {row.kind}: {row.figure or 'no figure'}"
        facts = [f"Issue: {row.issue}" if row.issue else "", row.period and f"Period: {row.period}"]
        extra = "; ".join(fact for fact in facts if fact)
        details[f"positions-{row.id}"] = _detail(row, text, row.when, extra, row.note)
    for row in data.events:
        details[f"events-{row.id}"] = _detail(row, row.title, row.when, "", row.note)
    for row in data.statements:
        who = row.speaker or "Unnamed speaker"
        if row.party != UNATTRIBUTED:
            who += f" ({row.party})"
        if row.speaker_title:
            who += f", {row.speaker_title}"
        details[f"statements-{row.id}"] = {
            **_detail(row, who, row.when, row.context, row.note),
            "quote": row.quote,
            "kind": row.kind,
        }
    return details


def _detail(row, title, when, extra, note):
    return {
        "lane": row.lane,
        "id": row.id,
        "title": title,
        "when": when,
        "extra": extra,
        "note": note,
        "sources": [
            {"label": source.label, "url": source.url, "publisher": source.publisher}
            for source in row.sources
        ],
    }
