"""Issue 16, case 1: a query the parser refuses is a 400 with the position, on the API and the web page alike."""

from __future__ import annotations

import pytest

from townsquare.errors import ConfigError
from townsquare.index.query import QuerySyntaxError, parse_query
from townsquare.limits import parse_limits

NESTED = "(" * 250 + "apple" + ")" * 250  # 505 characters: under the length limit


def test_parser_refuses_deep_nesting_with_the_position_and_no_recursion_error():
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(NESTED)
    assert caught.value.position == 32 and "limit max_query_depth = 32" in caught.value.message
    assert parse_query("(" * 32 + "apple" + ")" * 32).words == ("apple",)
    assert parse_query("(" * 60 + "apple" + ")" * 60, parse_limits(["max_query_depth=60"])).words == ("apple",)
    with pytest.raises(ConfigError, match="at most 100"):
        parse_limits(["max_query_depth=300"])


def test_parser_refuses_a_query_past_the_length_limit():
    with pytest.raises(QuerySyntaxError, match="limit max_query_length = 512"):
        parse_query("apple " * 100)


def test_api_answers_deep_nesting_with_a_400_naming_the_position(make_client):
    response = make_client().get("/2/tweets/search/recent", params={"query": NESTED})
    assert response.status_code == 400
    assert "(at position 32)" in response.text


@pytest.mark.parametrize(
    "query, fragment",
    [(NESTED, "at position 32"), ("apple " * 2000, "limit max_query_length = 512")],
    ids=["nested", "long"],
)
def test_web_page_applies_the_same_limits_as_the_api(make_client, query, fragment):
    response = make_client().get("/", params={"q": query})
    assert response.status_code == 400
    assert fragment in response.text
    assert "apple " * 200 not in response.text  # a refused query is not echoed back whole


def test_web_page_is_in_the_openapi_spec_so_schemathesis_checks_it(make_client):
    operation = make_client().get("/openapi.json").json()["paths"]["/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"q", "sort_order"}
    assert {"200", "400", "429"} <= set(operation["responses"])
