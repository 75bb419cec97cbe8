"""`amounts`: figures written out for editors and reporters."""

from decimal import Decimal

import pytest

from tracker.amounts import plain_decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5000000000.000000"), "5000000000"),
        (Decimal("0.000000"), "0"),
        (Decimal("0.000100"), "0.0001"),
        (Decimal("100.500000"), "100.5"),
        (Decimal("-12.2500"), "-12.25"),
        (Decimal("1E+3"), "1000"),
        (Decimal("123456789012345678901234.123456"), "123456789012345678901234.123456"),
        (7, "7"),
        (None, None),
    ],
)
def test_plain_decimal_is_the_shortest_plain_text_of_every_digit(value, text):
    assert plain_decimal(value) == text
