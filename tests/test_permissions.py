"""One permission matrix over every URL pattern: who gets what, published and unpublished.

Every pattern the URLconf holds (the API's and the admin's included) must have a row in
ROUTES, so a new endpoint cannot slip past this test. An unpublished negotiation is a 404,
never a 403, for anyone without view permission, on every surface.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import (
    EventFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)
from tracker.models import ApiToken, LeadNegotiator, Negotiation

USERS = ["anonymous", "analyst", "editor", "superuser"]

# Expected status per user: (anonymous, analyst, editor, superuser).
PUBLIC = (200, 200, 200, 200)
STAFF_SEES_ALL = {"published": PUBLIC, "unpublished": (404, 200, 200, 200)}
SAME = {"published": PUBLIC, "unpublished": PUBLIC}
LOGIN = 302  # to the admin's login page
ADMIN_VIEW = {"any": (LOGIN, 200, 200, 200)}  # staff in either group may look
ADMIN_CHANGE = {"any": (LOGIN, 403, 200, 200)}  # only those who may change
ADMIN_SUPERUSER = {"any": (LOGIN, 403, 403, 200)}  # auth and axes: superusers only
ADMIN_NO_ADD = {"any": (LOGIN, 403, 403, 403)}
REDIRECT = {"any": (LOGIN, 302, 302, 302)}  # the admin's old address of a change page

# (route regex, URL template, expected). The route is the pattern text as the URLconf
# spells it; the template is filled from `targets()`.
ROUTES = [
    # Pages
    (r"", "/", SAME),
    (r"compare/", "/compare/?n={slug}&n={other}", STAFF_SEES_ALL),
    (r"search/", "/search/?q=talks", SAME),
    (r"compare/figure\.json", "/compare/figure.json?n={slug}&n={other}", STAFF_SEES_ALL),
    (r"negotiations/<slug:slug>/", "/negotiations/{slug}/", STAFF_SEES_ALL),
    (r"negotiations/<slug:slug>/figure\.json", "/negotiations/{slug}/figure.json", STAFF_SEES_ALL),
    (r"negotiations/<slug:slug>/facts\.json", "/negotiations/{slug}/facts.json", STAFF_SEES_ALL),
    # Embeds and oEmbed
    (r"embed/<slug:slug>/", "/embed/{slug}/", STAFF_SEES_ALL),
    (r"oembed", "/oembed?url=http://testserver/negotiations/{slug}/", STAFF_SEES_ALL),
    # Images and downloads
    (
        r"negotiations/<slug:slug>/timeline\.<imageformat:fmt>",
        "/negotiations/{slug}/timeline.svg",
        STAFF_SEES_ALL,
    ),
    (
        r"negotiations/<slug:slug>/timeline\.html",
        "/negotiations/{slug}/timeline.html",
        STAFF_SEES_ALL,
    ),
    (
        r"negotiations/<slug:slug>/timelinejs\.json",
        "/negotiations/{slug}/timelinejs.json",
        STAFF_SEES_ALL,
    ),
    (r"negotiations/<slug:slug>/data\.csv", "/negotiations/{slug}/data.csv", STAFF_SEES_ALL),
    (r"negotiations/<slug:slug>/export\.json", "/negotiations/{slug}/export.json", STAFF_SEES_ALL),
    # API
    (r"api/v1/", "/api/v1/", {"any": (404, 404, 404, 404)}),  # ninja's root: nothing there
    (r"api/v1/openapi\.json", "/api/v1/openapi.json", SAME),
    (r"api/v1/docs", "/api/v1/docs", SAME),
    (r"api/v1/negotiations", "/api/v1/negotiations", SAME),
    (r"api/v1/negotiations/<slug:slug>", "/api/v1/negotiations/{slug}", STAFF_SEES_ALL),
    (
        r"api/v1/negotiations/<slug:slug>/(rounds|issues|positions|events|statements|people|sources"
        r"|facts|figure)",
        "/api/v1/negotiations/{slug}/{1}",
        STAFF_SEES_ALL,
    ),
    (r"api/v1/search", "/api/v1/search?q=talks", SAME),
    (
        r"api/v1/negotiations/<slug:slug>/search",
        "/api/v1/negotiations/{slug}/search?q=a",
        STAFF_SEES_ALL,
    ),
    (
        r"api/v1/negotiations/<slug:slug>/changes",
        "/api/v1/negotiations/{slug}/changes",
        STAFF_SEES_ALL,
    ),
    (r"api/v1/(notes|views)", "/api/v1/{1}", SAME),  # the caller's own: empty when anonymous
    (r"api/v1/<(any)?path:anything>", "/api/v1/no-such-endpoint", {"any": (404, 404, 404, 404)}),
    # The workspace: changes and feeds are public; notes, tags and views need a login.
    (r"changes/", "/changes/", SAME),
    (r"feed\.atom", "/feed.atom", SAME),
    (r"negotiations/<slug:slug>/changes/", "/negotiations/{slug}/changes/", STAFF_SEES_ALL),
    (
        r"negotiations/<slug:slug>/feed\.atom",
        "/negotiations/{slug}/feed.atom",
        {"published": PUBLIC, "unpublished": (404, 404, 404, 404)},  # feeds: published only
    ),
    (
        r"negotiations/<slug:slug>/notes/",
        "/negotiations/{slug}/notes/",
        {"any": (302, 200, 200, 200)},
    ),
    (r"views/", "/views/", {"any": (302, 200, 200, 200)}),
    (
        r"negotiations/<slug:slug>/(notes/add|tags)",
        "/negotiations/{slug}/{1}",
        {"any": (302, 405, 405, 405)},  # writes: POST only
    ),
    (r"(notes|views)/<int:pk>/(edit|delete)", "/{1}/1/{2}", {"any": (302, 405, 405, 405)}),
    # Accounts
    (r"accounts/login/", "/accounts/login/", SAME),
    (r"accounts/logout/", "/accounts/logout/", {"any": (405, 405, 405, 405)}),
    (
        r"accounts/password_change/(done/)?",
        "/accounts/password_change/{1}",
        {"any": (302, 200, 200, 200)},
    ),
    (r"accounts/password_reset/(done/)?", "/accounts/password_reset/{1}", SAME),
    (r"accounts/reset/<uidb64>/<token>/", "/accounts/reset/MQ/set-password/", SAME),
    (r"accounts/reset/done/", "/accounts/reset/done/", SAME),
    # Admin
    (r"admin/login/", "/admin/login/", {"any": (200, 302, 302, 302)}),
    (r"admin/logout/", "/admin/logout/", {"any": (LOGIN, 405, 405, 405)}),
    (r"admin/", "/admin/", ADMIN_VIEW),
    (r"admin/password_change/(done/)?", "/admin/password_change/{1}", ADMIN_VIEW),
    (r"admin/autocomplete/", "/admin/autocomplete/", {"any": (LOGIN, 403, 403, 403)}),
    (r"admin/jsi18n/", "/admin/jsi18n/", ADMIN_VIEW),
    (
        r"admin/r/<path:content_type_id>/<path:object_id>/",
        "/admin/r/{content_type}/{negotiation}/",
        {"any": (LOGIN, 302, 302, 302)},
    ),
    (r"admin/\^\(\?P<app_label>auth\|axes\|tracker\)/\$", "/admin/tracker/", ADMIN_VIEW),
    (r"admin/\(\?P<url>\.\*\)\$", "/admin/no-such-page/", {"any": (LOGIN, 404, 404, 404)}),
    (r"admin/(auth|axes)/(\w+)/", "/admin/{1}/{2}/", ADMIN_SUPERUSER),
    (r"admin/auth/(\w+)/add/", "/admin/auth/{1}/add/", ADMIN_SUPERUSER),
    (r"admin/axes/(\w+)/add/", "/admin/axes/{1}/add/", ADMIN_NO_ADD),
    (r"admin/(\w+)/(\w+)/<path:object_id>/", "/admin/{1}/{2}/{object:2}/", REDIRECT),
    (
        r"admin/(auth|axes)/(\w+)/<path:object_id>/(change/|history/|delete/)",
        "/admin/{1}/{2}/{object:2}/{3}",
        ADMIN_SUPERUSER,
    ),
    (r"admin/auth/user/<id>/password/", "/admin/auth/user/{user}/password/", ADMIN_SUPERUSER),
    (r"admin/tracker/negotiation/import/", "/admin/tracker/negotiation/import/", ADMIN_CHANGE),
    (r"admin/tracker/negotiation/deleted/", "/admin/tracker/negotiation/deleted/", ADMIN_CHANGE),
    (
        r"admin/tracker/negotiation/<int:object_id>/paste/",
        "/admin/tracker/negotiation/{object:negotiation}/paste/",
        ADMIN_CHANGE,
    ),
    (r"admin/tracker/apitoken/", "/admin/tracker/apitoken/", ADMIN_SUPERUSER),
    (r"admin/tracker/apitoken/add/", "/admin/tracker/apitoken/add/", ADMIN_SUPERUSER),
    (
        r"admin/tracker/apitoken/<path:object_id>/(change/|history/|delete/)",
        "/admin/tracker/apitoken/{object:apitoken}/{1}",
        ADMIN_SUPERUSER,
    ),
    (r"admin/tracker/(\w+)/", "/admin/tracker/{1}/", ADMIN_VIEW),
    (r"admin/tracker/(\w+)/add/", "/admin/tracker/{1}/add/", ADMIN_CHANGE),
    (
        r"admin/tracker/(\w+)/<path:object_id>/(change/|history/)",
        "/admin/tracker/{1}/{object:1}/{2}",
        ADMIN_VIEW,
    ),
    (
        r"admin/tracker/(\w+)/<path:object_id>/delete/",
        "/admin/tracker/{1}/{object:1}/delete/",
        ADMIN_CHANGE,
    ),
    (
        r"admin/tracker/(\w+)/\^\(\[\^/\]\+\)/history/\(\[\^/\]\+\)/\$",
        "/admin/tracker/{1}/{object:1}/history/{history:1}/",
        ADMIN_VIEW,
    ),
]


def all_routes(patterns=None, prefix=""):
    """Every URL pattern of the URLconf as its full route text, included URLconfs walked."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + str(pattern.pattern)


def row_for(route):
    """The ROUTES row whose regex matches the whole route, and the match."""
    for regex, template, expected in ROUTES:
        match = re.fullmatch(regex, route)
        if match:
            return match, template, expected
    return None


def build_world():
    """A published and an unpublished negotiation with one record in every lane each."""
    world = {}
    for state, published in [("published", True), ("unpublished", False)]:
        parties = [PartyFactory(), PartyFactory()]
        negotiation = NegotiationFactory(
            slug=f"{state}-talks", title=f"{state} talks", is_published=published, parties=parties
        )
        person = PersonFactory(party=parties[0])
        source = SourceFactory()
        round_ = RoundFactory(negotiation=negotiation)
        round_.sources.add(source)
        lead = LeadNegotiator.objects.create(round=round_, party=parties[0], person=person)
        objects = {
            "negotiation": negotiation,
            "round": round_,
            "position": PositionFactory(negotiation=negotiation, party=parties[0]),
            "event": EventFactory(negotiation=negotiation),
            "statement": StatementFactory(negotiation=negotiation, speaker=person),
            "leadnegotiator": lead,
            "party": parties[0],
            "person": person,
            "source": source,
        }
        world[state] = objects
    return world


def make_users():
    analyst = UserFactory(username="matrix-analyst", groups=["Analysts"], is_staff=True)
    editor = UserFactory(username="matrix-editor", groups=["Editors"], is_staff=True)
    superuser = UserFactory(username="matrix-super", is_staff=True, is_superuser=True)
    assert Group.objects.filter(name__in=["Analysts", "Editors"]).count() == 2
    return {"anonymous": None, "analyst": analyst, "editor": editor, "superuser": superuser}


def fill(template, match, objects, extra):
    """The URL for one row: {slug}, {1}, {object:1}, {history:1} and friends filled in."""

    def value(token):
        kind, _, group = token.partition(":")
        if kind.isdigit():
            return match.group(int(kind)) or ""
        if kind == "slug":
            return objects["negotiation"].slug
        if kind == "other":
            return extra["other"].slug
        if kind == "negotiation":
            return str(objects["negotiation"].pk)
        if kind == "content_type":
            return str(ContentType.objects.get_for_model(Negotiation).pk)
        model = match.group(int(group)) if group.isdigit() else group
        if kind == "object":
            return str(extra["objects"][model].pk)
        if kind == "history":
            return str(extra["objects"][model].history.latest().history_id)
        return str(extra[kind].pk)

    return re.sub(r"\{([^}]*)\}", lambda m: value(m.group(1)), template)


def test_every_url_pattern_is_in_the_matrix():
    missing = [route for route in all_routes() if row_for(route) is None]
    assert not missing, f"add these patterns to ROUTES in {__name__}: {missing}"


@pytest.mark.parametrize("state", ["published", "unpublished"])
def test_permission_matrix(db, state):
    world = build_world()
    users = make_users()
    objects = world[state]
    extra_objects = {
        **objects,
        "user": users["editor"],
        "group": Group.objects.get(name="Editors"),
        "accessattempt": None,
        "accesslog": None,
        "accessfailurelog": None,
        "apitoken": ApiToken.objects.create(
            user=users["editor"], name="matrix", key_hash="0" * 64, prefix="matrix"
        ),
    }
    clients = {name: Client() for name in USERS}
    for name, user in users.items():
        if user is not None:
            clients[name].force_login(user)
    failures = []
    for route in all_routes():
        row = row_for(route)
        if row is None:
            failures.append(f"{route!r} is not in ROUTES")
            continue
        match, template, expected = row
        codes = expected.get(state) or expected["any"]
        for user_name, want in zip(USERS, codes, strict=True):
            extra = {"objects": extra_objects, "other": world["published"]["negotiation"]}
            extra["user"] = users["editor"]
            try:
                url = fill(template, match, objects, extra)
            except (AttributeError, KeyError):
                continue  # no object of that model to address (axes records)
            response = clients[user_name].get(url)
            got = response.status_code
            if got != want:
                failures.append(f"{user_name:>10} {got} (want {want}) GET {url}  [{route}]")
            # Logging out anonymously lands on the admin index, which then asks for a login.
            if got == LOGIN and user_name == "anonymous" and route != "admin/logout/":
                if "login/?next=" not in response["Location"]:
                    failures.append(
                        f"{user_name:>10} GET {url} redirected to {response['Location']}"
                    )
    assert not failures, "\n".join(failures)
