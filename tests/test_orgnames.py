"""Organization names taken apart, and the country a dateline names: plain strings, no model."""

from __future__ import annotations

from graph.extract.context import dateline_country
from graph.extract.orgnames import comparison_form, generic_kind, org_name


def test_legal_form_and_leading_article_are_not_part_of_the_name() -> None:
    assert comparison_form("Merck & Co Inc") == "merck"
    assert comparison_form("Lilly USA, LLC") == "lilly usa"
    assert comparison_form("The Halvorsen Shipping Co.") == "halvorsen shipping"
    assert org_name("LLC") is None


def test_department_of_x_is_x_department() -> None:
    assert comparison_form("Department of Fisheries") == comparison_form("Fisheries Department")
    assert comparison_form("Ministry of Foreign Affairs") == "foreign ministry"
    assert comparison_form("Committee on Ways and Means") == "ways and means committee"
    assert comparison_form("House of Representatives Ethics Committee") == "house ethics committee"


def test_a_leading_country_says_whose_state_body_it_is() -> None:
    name = org_name("U.S. Consumer Product Safety Commission")
    assert name is not None and name.country is not None
    assert name.country.name == "United States"
    assert name.compare == "consumer product safety commission"
    chinese = org_name("China's Foreign Ministry")
    assert chinese is not None and chinese.country is not None
    assert (chinese.country.name, chinese.compare, chinese.generic) == (
        "China",
        "foreign ministry",
        "body",
    )


def test_a_country_in_a_company_or_association_name_stays() -> None:
    for text in ("U.S. Chamber of Commerce", "American Civil Liberties Union", "British Airways"):
        name = org_name(text)
        assert name is not None and name.country is None, text
        assert name.shown == text


def test_a_region_stays_part_of_the_name() -> None:
    name = org_name("Alabama Senate")
    assert name is not None and name.region is not None
    assert name.region.name == "Alabama"
    assert name.generic is None
    assert name.compare == "alabama senate"


def test_generic_bodies_name_a_different_body_in_each_country() -> None:
    for body in ("senate", "foreign ministry", "justice department", "senate judiciary committee"):
        assert generic_kind(body) == "body", body
    assert generic_kind("district court") == "class"
    for specific in (
        "state department",
        "ways and means committee",
        "federal open market committee",
    ):
        assert generic_kind(specific) is None, specific


def test_dateline_country() -> None:
    def name(dateline: str) -> str | None:
        country = dateline_country(dateline)
        return country.name if country else None

    assert name("BEIJING") == "China"
    assert name("SACRAMENTO, Calif.") == "United States"
    assert name("DANANG, Vietnam") == "Vietnam"
    assert name("WASHINGTON/NEW YORK") == "United States"
    assert name("WASHINGTON/HAVANA") is None
    assert name("UNITED NATIONS") is None
