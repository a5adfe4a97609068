"""Membership and borders, only as the text states them."""

from __future__ import annotations

from conftest import facts_of

from graph.model import ArticleFacts, RelationKind


def relations(facts: ArticleFacts) -> set[tuple[str, str, str]]:
    names = {e.key: e.name for e in facts.entities}
    return {(names[r.subject_key], r.kind.value, names[r.object_key]) for r in facts.relations}


def test_bundled_article_members_and_neighbours(bundled: ArticleFacts) -> None:
    found = relations(bundled)
    for country in ("Romania", "Hungary", "Slovakia", "Poland"):
        assert (country, "memberOf", "NATO") in found
        assert ("Ukraine", "borders", country) in found
    assert ("Romania", "borders", "Russia") in found


def test_joined_and_member_of() -> None:
    found = relations(
        facts_of("Talks\n\nFinland joined NATO in 2023. Poland is a member of the European Union.")
    )
    assert ("Finland", "memberOf", "NATO") in found
    assert ("Poland", "memberOf", "European Union") in found


def test_shares_a_border_with() -> None:
    found = relations(facts_of("Talks\n\nFinland shares a 1,300-kilometer border with Russia."))
    assert found == {("Finland", "borders", "Russia")}


def test_countries_merely_listed_are_not_related() -> None:
    facts = facts_of("Talks\n\nMinisters from France, Spain and Italy met in Rome.")
    assert facts.relations == ()


def test_every_relation_has_evidence_in_the_text(bundled: ArticleFacts) -> None:
    for relation in bundled.relations:
        assert (
            bundled.document.text[relation.evidence.start : relation.evidence.end]
            == relation.evidence.text
        )
        assert relation.kind in (RelationKind.MEMBER_OF, RelationKind.BORDERS)
