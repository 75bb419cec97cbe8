import orjson
import plotly.graph_objects as go
import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests import factories
from tracker.models import Negotiation

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(db):
    """An unpublished negotiation."""
    return factories.NegotiationFactory(
        slug="secret-talks", title="Secret talks", is_published=False
    )


def detail_url(slug, query=""):
    return reverse("negotiation-detail", args=[slug]) + (f"?{query}" if query else "")


def figure_url(slug, query=""):
    return reverse("negotiation-figure", args=[slug]) + (f"?{query}" if query else "")


def test_list_shows_published_negotiations_with_counts_and_rounds(client, demo, hidden):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "11th Special Measures Agreement (SMA) negotiations" in page
    assert "Secret talks" not in page
    assert "24 September 2019" in page and "5 March 2021" in page
    assert ">63<" in page


def test_list_party_filter_names_only_parties_of_visible_negotiations(client, demo):
    factories.NegotiationFactory(
        is_published=False, parties=[factories.PartyFactory(name="Atlantis")]
    )
    page = client.get("/").content.decode()
    assert '<option value="South Korea"' in page
    assert "Atlantis" not in page


def test_list_shows_unpublished_negotiations_to_analysts(client, analyst, hidden):
    client.force_login(analyst)
    assert "Secret talks" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [("q=special", True), ("q=whaling", False), ("party=South+Korea", True), ("year=2018", False)],
)
def test_list_search_and_filters(client, demo, query, found):
    page = client.get(f"/?{query}").content.decode()
    assert ("11th Special Measures" in page) is found


def test_list_refuses_a_bad_filter_with_a_message(client):
    response = client.get("/?year=next")
    assert response.status_code == 400
    assert b'year: "next" is not a year' in response.content


def test_timeline_page_draws_from_json_script_without_inline_code(client, demo):
    response = client.get(detail_url("sma-11"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<script id="figure" type="application/json">' in page
    assert '<script id="records" type="application/json">' in page
    assert static("vendor/plotly-tracker.min.js") in page
    assert "/static/timeline/timeline.js" in page
    scripts = [chunk.split(">", 1)[0] for chunk in page.split("<script")[1:]]
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)


def test_timeline_page_lists_facts_with_source_links(client, demo):
    page = client.get(detail_url("sma-11")).content.decode()
    assert "9 (inferred)" in page
    assert 'href="https://en.yna.co.kr/view/AEN20190923008100325"' in page
    assert "October 2019" in page
    assert "Log in" in page


def test_timeline_page_filters_the_tables(client, demo):
    page = client.get(detail_url("sma-11", "lanes=rounds")).content.decode()
    assert 'id="table-rounds"' in page
    assert 'id="table-statements"' not in page


def test_timeline_page_escapes_user_text(client):
    statement = factories.StatementFactory(quote="<script>alert(1)</script>")
    page = client.get(detail_url(statement.negotiation.slug)).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_unpublished_timeline_is_a_404_for_anonymous_visitors(client, hidden):
    assert client.get(detail_url("secret-talks")).status_code == 404
    assert client.get(figure_url("secret-talks")).status_code == 404


def test_unpublished_timeline_opens_for_analysts(client, analyst, hidden):
    client.force_login(analyst)
    assert client.get(detail_url("secret-talks")).status_code == 200
    assert client.get(figure_url("secret-talks")).status_code == 200


def test_unknown_negotiation_is_a_404(client, db):
    assert client.get(detail_url("no-such-talks")).status_code == 404


def test_timeline_links_to_the_admin_only_for_editors(client, demo, editor, analyst):
    admin_url = reverse("admin:tracker_negotiation_change", args=[demo.pk])
    client.force_login(analyst)
    assert admin_url not in client.get(detail_url("sma-11")).content.decode()
    client.force_login(editor)
    page = client.get(detail_url("sma-11")).content.decode()
    assert admin_url in page
    assert "Log out" in page


def test_figure_json_is_the_pages_figure(client, demo):
    response = client.get(figure_url("sma-11", "lanes=rounds,positions&theme=dark"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    figure = orjson.loads(response.content)
    go.Figure(figure)
    assert figure["layout"]["title"]["text"] == demo.title
    assert figure["layout"]["meta"]["theme"] == "dark"
    assert "Rounds" in {trace["name"] for trace in figure["data"]}
    assert "Events" not in {trace["name"] for trace in figure["data"]}


@pytest.mark.parametrize(
    "url", [figure_url("sma-11", "as_of=soon"), detail_url("sma-11", "as_of=soon")]
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, demo, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b'as_of: "soon" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)' in response.content


def test_views_refuse_post(client, demo):
    assert client.post(detail_url("sma-11")).status_code == 405


def test_compare_page_draws_two_negotiations(client, demo):
    other = factories.RoundFactory(start="2021-01-10", end=None).negotiation
    response = client.get(f"/compare/?n=sma-11&n={other.slug}&align=relative")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<script id="figure" type="application/json">' in page
    assert "/static/timeline/compare.js" in page
    figure = orjson.loads(client.get(f"/compare/figure.json?n=sma-11&n={other.slug}").content)
    go.Figure(figure)
    assert sum(trace["type"] == "bar" for trace in figure["data"]) == 2


def test_compare_page_lists_each_negotiation_issues(client, demo):
    other = factories.IssueFactory(title="Tariffs <b>").negotiation

    page = client.get(f"/compare/?n=sma-11&n={other.slug}").content.decode()

    assert "<td>Annual contribution; Cost categories; Korean USFK workers&#x27; wages</td>" in page
    assert "<td>Tariffs &lt;b&gt;</td>" in page


def test_timeline_page_tables_show_the_issue(client, demo):
    page = client.get(detail_url("sma-11")).content.decode()

    assert "<td>Korean USFK workers&#x27; wages</td>" in page


def test_timeline_as_of_leaves_out_sources_published_later(client, demo):
    """Round 7 cites both versions of a Yonhap story, both dated 19 March 2020."""
    lead = "https://en.yna.co.kr/view/AEN20200319002851325"

    before = client.get(detail_url("sma-11"), {"as_of": "2020-03-18"}).content.decode()
    after = client.get(detail_url("sma-11"), {"as_of": "2020-03-19"}).content.decode()

    assert lead not in before and "17-19 March 2020" in before
    assert lead in after


def test_compare_without_a_choice_shows_the_form(client, demo):
    page = client.get("/compare/").content.decode()
    assert "Tick two or more negotiations" in page
    assert client.get("/compare/figure.json").status_code == 400


def test_compare_hides_unpublished_negotiations(client, demo, hidden):
    assert client.get("/compare/?n=sma-11&n=secret-talks").status_code == 404
    assert "Secret talks" not in client.get("/compare/").content.decode()


def test_login_page_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_login_and_logout_through_the_auth_pages(client, analyst):
    credentials = {"username": "analyst", "password": "correct horse battery"}
    response = client.post(reverse("login"), {**credentials, "next": detail_url("x")})
    assert response.status_code == 302
    assert response["Location"] == detail_url("x")
    page = client.get("/").content.decode()
    assert "Log out" in page and "analyst" in page
    assert client.post(reverse("logout")).status_code == 302
    assert "Log in" in client.get("/").content.decode()


def test_login_with_a_wrong_password_says_so(client, analyst):
    response = client.post(reverse("login"), {"username": "analyst", "password": "wrong"})
    assert response.status_code == 200
    assert b"did not match" in response.content


@pytest.mark.parametrize("url_name", ["list", "page", "figure"])
def test_query_count_does_not_grow_with_statements(client, url_name, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = factories.negotiation_with_statements(10)
    big = factories.negotiation_with_statements(1000)
    url_of = {
        "list": lambda negotiation: "/",
        "page": lambda negotiation: detail_url(negotiation.slug),
        "figure": lambda negotiation: figure_url(negotiation.slug),
    }[url_name]
    cache.clear()  # count the work of answering, not a cached copy
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url_of(small)).status_code == 200
    assert len(small_queries) <= 12
    cache.clear()
    with django_assert_num_queries(len(small_queries)):
        response = client.get(url_of(big))
    assert response.status_code == 200
    assert Negotiation.objects.count() == 2
