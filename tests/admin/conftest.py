"""The admin fixtures of test_records.py (a logged-in editor, a small negotiation) for every
admin test module."""

from tests.admin.test_records import (  # noqa: F401 - fixtures, found by name
    editor_client,
    fast_passwords,
    negotiation,
    staff_editor,
)
