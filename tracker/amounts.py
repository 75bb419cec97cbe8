"""Amounts written out for people: full figures for editors, rounded ones for reporters."""

from decimal import Decimal

SYMBOLS = {"USD": "US$", "KRW": "₩", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥"}


def plain_decimal(value):
    """A Decimal as the shortest plain string: Decimal("5000000000.000000") -> "5000000000"."""
    if value is None:
        return None
    # Trailing zeros cut from the text: Decimal.normalize() would also round to the context's
    # 28 digits, and an amount column holds 30.
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount(amount, currency="", unit=""):
    """Full figure with thousands separators: "US$5,000,000,000", "1,200 tonnes"."""
    value = Decimal(amount).normalize()
    number = f"{value:,f}"
    if currency:
        symbol = SYMBOLS.get(currency)
        number = f"{symbol}{number}" if symbol else f"{currency} {number}"
    if unit:
        number = f"{number} {unit}"
    return number
