"""Roles: title + name, apposition, possessive, holder organization or country."""

from __future__ import annotations

from conftest import facts_of, key_of

from graph.model import ArticleFacts


def roles(facts: ArticleFacts) -> set[tuple[str, str, str | None]]:
    names = {e.key: e.name for e in facts.entities}
    return {
        (names[p.holder_key], p.role, names.get(p.of_key) if p.of_key else None)
        for p in facts.posts
    }


def test_roles_of_the_bundled_article(bundled: ArticleFacts) -> None:
    assert {
        ("Jens Stoltenberg", "chief", "NATO"),
        ("Jens Stoltenberg", "secretary general", "NATO"),
        ("Antony Blinken", "secretary of state", "United States"),
        ("Ingrida Simonyte", "prime minister", "Lithuania"),
        ("Dmytro Kuleba", "foreign minister", "Ukraine"),
        ("Mykhaylo Podolyak", "adviser", "Volodymyr Zelenskiy"),
        ("Vladimir Putin", "president", "Russia"),
    } <= roles(bundled)


def test_apposition_with_possessive_country() -> None:
    facts = facts_of("Talks\n\nThe talks were led by Dmytro Kuleba, Ukraine's foreign minister.")
    assert roles(facts) == {("Dmytro Kuleba", "foreign minister", "Ukraine")}


def test_apposition_with_organization_after_preposition(settlements: ArticleFacts) -> None:
    assert ("Avi Bell", "senior fellow", "Kohelet Policy Forum") in roles(settlements)


def test_role_without_holder_is_not_guessed() -> None:
    facts = facts_of("Talks\n\nIn Paris, President Jean Martin met Ukrainian officials.")
    assert roles(facts) == {("Jean Martin", "president", None)}


def test_definite_description_gets_the_only_person_tied_to_the_country(
    summit: ArticleFacts,
) -> None:
    # "Canada's Justin Trudeau" ... "the Canadian prime minister".
    assert ("Justin Trudeau", "prime minister", "Canada") in roles(summit)
    assert ("Rodrigo Duterte", "president", "Philippines") in roles(summit)
    assert ("Aung San Suu Kyi", "leader", "Myanmar") in roles(summit)


def test_post_keys_are_entities(bundled: ArticleFacts) -> None:
    keys = {e.key for e in bundled.entities}
    for post in bundled.posts:
        assert post.holder_key in keys
        assert post.of_key is None or post.of_key in keys
    assert key_of(bundled, "NATO") == "Q7184"


def test_initialism_does_not_end_the_sentence() -> None:
    facts = facts_of(
        "Talks\n\nWASHINGTON (Reuters) - U.S. Vice President Mike Pence met "
        "Turkish officials on Thursday."
    )
    assert ("Mike Pence", "vice president", "United States") in roles(facts)


def test_portfolio_after_of_is_part_of_the_post_but_a_country_is_its_holder() -> None:
    facts = facts_of(
        "Talks\n\nHe met U.S. Secretary of Defense Jim Mattis and "
        "President of France Emmanuel Macron in Paris."
    )
    found = roles(facts)
    assert ("Jim Mattis", "secretary of defense", "United States") in found
    assert ("Emmanuel Macron", "president", "France") in found


def test_remit_after_for_is_part_of_the_post() -> None:
    facts = facts_of(
        "Talks\n\nThe delegation was led by Cuba's Foreign Ministry chief for U.S. "
        "Affairs Josefina Vidal on Monday."
    )
    names = {e.key: e.name for e in facts.entities}
    posts = {(names[p.holder_key], p.role) for p in facts.posts}
    assert ("Josefina Vidal", "chief for u.s. affairs") in posts
