from tracker.extract.context import context_from_document


def test_context_from_document_reads_the_party_aliases():
    context = context_from_document(
        {
            "slug": "talks",
            "parties": ["South Korea", "United States"],
            "party_aliases": {"South Korea": ["Seoul", "S. Korea"]},
        }
    )
    assert [(p.name, p.aliases) for p in context.parties] == [
        ("South Korea", ("Seoul", "S. Korea")),
        ("United States", ()),
    ]
