"""Entities on real text: types, merges, QIDs, repairs of spaCy's mistakes."""

from __future__ import annotations

from conftest import entity_named, facts_of, key_of

from graph.model import ArticleFacts, EntityKind


def names(facts: ArticleFacts, kind: EntityKind) -> set[str]:
    return {e.name for e in facts.entities if e.kind is kind}


def test_people_of_the_bundled_article(bundled: ArticleFacts) -> None:
    assert names(bundled, EntityKind.PERSON) == {
        "Jens Stoltenberg",
        "Vladimir Putin",
        "Antony Blinken",
        "Volodymyr Zelenskiy",
        "Mykhaylo Podolyak",
        "Dmytro Kuleba",
        "Ingrida Simonyte",
        "Melanie Joly",
        "Bogdan Aurescu",
        "Alyaksandr Lukashenka",
        "Annalena Baerbock",
    }


def test_countries_carry_wikidata_ids(bundled: ArticleFacts) -> None:
    countries = {e.name: e.qid for e in bundled.entities if e.kind is EntityKind.COUNTRY}
    assert countries["Ukraine"] == "Q212"
    assert countries["Russia"] == "Q159"
    assert countries["United States"] == "Q30"
    assert {
        "Romania",
        "Hungary",
        "Slovakia",
        "Poland",
        "Lithuania",
        "Belarus",
        "Canada",
        "Germany",
    } <= set(countries)
    assert entity_named(bundled, "NATO").qid == "Q7184"


def test_surname_mentions_merge_with_the_full_name(bundled: ArticleFacts) -> None:
    stoltenberg = entity_named(bundled, "Jens Stoltenberg")
    texts = [m.text for m in stoltenberg.mentions]
    # spaCy labels the bare surname ORG; it is still the same person.
    assert texts.count("Stoltenberg") >= 4
    assert "Jens Stoltenberg" in texts


def test_demonyms_capitals_and_descriptions_are_mentions(bundled: ArticleFacts) -> None:
    assert "Romanian" in {m.text for m in entity_named(bundled, "Romania").mentions}
    assert "U.S." in {m.text for m in entity_named(bundled, "United States").mentions}
    # "Moscow's ... challenges": the capital stands for the government.
    assert "Moscow" in {m.text for m in entity_named(bundled, "Russia").mentions}
    # "the alliance's members" refers back to NATO.
    assert "alliance" in {m.text for m in entity_named(bundled, "NATO").mentions}


def test_titles_verbs_and_adjectives_are_not_entities(bundled: ArticleFacts) -> None:
    every_name = {e.name for e in bundled.entities} | {
        m.text for e in bundled.entities for m in e.mentions
    }
    for not_an_entity in (
        "Speaking",
        "Diplomatic",
        "Secretary General",
        "State",
        "Prime Minister",
        "AMN Telegram",
        "NATO/Released",
    ):
        assert not_an_entity not in every_name


def test_places_are_places(bundled: ArticleFacts) -> None:
    assert {"Brussels", "Kyiv"} <= names(bundled, EntityKind.PLACE)


def test_original_publisher_is_an_organization(bundled: ArticleFacts) -> None:
    publisher = entity_named(bundled, "Radio Free Europe/Radio Liberty")
    assert publisher.kind is EntityKind.ORGANIZATION


def test_coordinated_names_are_two_people() -> None:
    facts = facts_of(
        "Talks\n\nJohn Smith and Maria Lopez met Pedro Alvarez in Madrid on Monday. "
        "Smith and Lopez said the talks were useful."
    )
    people = names(facts, EntityKind.PERSON)
    assert {"John Smith", "Maria Lopez", "Pedro Alvarez"} <= people
    assert not any(" and " in name for name in people)
    assert "Smith" in {m.text for m in entity_named(facts, "John Smith").mentions}


def test_acronym_joins_its_expansion(settlements: ArticleFacts) -> None:
    court = entity_named(settlements, "International Criminal Court")
    assert court.qid == "Q47488"
    assert "ICC" in {m.text for m in court.mentions}


def test_government_body_named_by_country(settlements: ArticleFacts) -> None:
    ministry = entity_named(settlements, "Foreign Ministry (Russia)")
    assert ministry.kind is EntityKind.GOVERNMENT_BODY
    assert {"Russia's foreign ministry", "Russian foreign ministry"} <= set(ministry.aliases)
    french = entity_named(settlements, "Foreign Ministry (France)")
    assert french.kind is EntityKind.GOVERNMENT_BODY
    assert "French foreign ministry" in french.aliases


def test_title_and_holder_are_stripped_from_person_names(settlements: ArticleFacts) -> None:
    people = names(settlements, EntityKind.PERSON)
    assert people == {
        "Mike Pompeo",
        "Benjamin Netanyahu",
        "Donald Trump",
        "Ayman Safadi",
        "Saeb Erekat",
        "Avi Bell",
    }


def test_long_name_cut_short_by_spacy_is_whole(summit: ArticleFacts) -> None:
    suu_kyi = entity_named(summit, "Aung San Suu Kyi")
    assert "Suu Kyi" in {m.text for m in suu_kyi.mentions}
    assert "Suu Kyi" not in names(summit, EntityKind.PERSON)


def test_slogans_agreements_and_peoples_are_not_organizations(summit: ArticleFacts) -> None:
    organizations = names(summit, EntityKind.ORGANIZATION)
    asean = entity_named(summit, "ASEAN")
    assert asean.qid == "Q7768"
    assert "Association of Southeast Asian Nations" in {m.text for m in asean.mentions}
    for not_an_organization in (
        "America First",
        "TPP",
        "Trans-Pacific Partnership",
        "Rohingya",
        "RCEP",
    ):
        assert not_an_organization not in organizations


def test_mention_offsets_point_at_their_text(bundled: ArticleFacts) -> None:
    text = bundled.document.text
    for entity in bundled.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_same_person_gets_same_key_across_articles() -> None:
    first = facts_of("One\n\nGerman Chancellor Olaf Scholz visited Paris.")
    second = facts_of("Two\n\nOn Friday, Chancellor Olaf Scholz said talks would go on.")
    assert key_of(first, "Olaf Scholz") == key_of(second, "Olaf Scholz")
