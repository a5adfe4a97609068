"""Entities on real text: types, merges, QIDs, repairs of spaCy's mistakes."""

from __future__ import annotations

from conftest import entity_named, facts_of, key_of

from graph.model import LOCAL_KEY_PREFIX, ArticleFacts, EntityKind


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


def test_a_generic_body_is_the_body_of_the_dateline_country() -> None:
    beijing = facts_of(
        "Talks\n\nBEIJING (Reuters) - The Foreign Ministry said on Tuesday that China would not "
        "accept the tariffs."
    )
    moscow = facts_of(
        "Talks\n\nMOSCOW (Reuters) - The Foreign Ministry said on Tuesday that Russia would "
        "respond to the sanctions."
    )
    named = facts_of("Talks\n\nThe Chinese Foreign Ministry said on Tuesday the talks had ended.")
    assert entity_named(beijing, "Foreign Ministry (China)").kind is EntityKind.GOVERNMENT_BODY
    assert key_of(beijing, "Foreign Ministry (China)") == key_of(named, "Foreign Ministry (China)")
    assert key_of(moscow, "Foreign Ministry (Russia)") != key_of(
        beijing, "Foreign Ministry (China)"
    )


def test_a_generic_body_of_an_unclear_country_stays_in_its_article() -> None:
    unclear = facts_of(
        "Vote\n\nThe Senate approved the budget on Friday. France and Italy both welcomed the "
        "decision."
    )
    assert key_of(unclear, "Senate").startswith(LOCAL_KEY_PREFIX)
    state = facts_of(
        "Vote\n\nMONTGOMERY, Ala. (Reuters) - The Alabama Senate passed the measure on Monday. "
        "The Senate will vote again next year, state officials said."
    )
    # Next to the state's senate, a bare "Senate" may be either chamber.
    assert key_of(state, "Senate").startswith(LOCAL_KEY_PREFIX)
    assert entity_named(state, "Alabama Senate").key == "organization/alabama-senate"


def test_names_of_one_organization_share_a_key_across_articles() -> None:
    long_name = facts_of(
        "Recall\n\nThe U.S. Consumer Product Safety Commission announced a recall on Monday."
    )
    short_name = facts_of(
        "Recall\n\nThe Consumer Product Safety Commission said the recall covered 2 million toys."
    )
    assert key_of(long_name, "Consumer Product Safety Commission") == key_of(
        short_name, "Consumer Product Safety Commission"
    )
    with_form = facts_of(
        "Deal\n\nShares of Nordvik Holdings Inc rose on Monday after the company said profit "
        "doubled."
    )
    other_form = facts_of("Deal\n\nThe shipping group Nordvik Holdings Ltd. reported a loss.")
    assert key_of(with_form, "Nordvik Holdings Inc") == key_of(other_form, "Nordvik Holdings Ltd.")


def test_an_acronym_defined_in_the_article_is_that_organization() -> None:
    facts = facts_of(
        "Tariffs\n\nThe National Tariff Board (NTB) ruled on Monday. The NTB said the duties "
        "would stay."
    )
    board = entity_named(facts, "National Tariff Board")
    assert [m.text for m in board.mentions].count("NTB") == 2


def test_a_name_after_a_title_is_a_person_and_a_classified_name_is_not() -> None:
    title = facts_of(
        "Visit\n\nPresident Okonkwo arrived in Lagos on Monday. Okonkwo said the visit would "
        "strengthen ties."
    )
    assert entity_named(title, "Okonkwo").kind is EntityKind.PERSON
    company = facts_of(
        "Deal\n\nShares rose after chipmaker Zentrix said it would build a plant in Ohio. "
        "Zentrix was founded in 1998."
    )
    assert entity_named(company, "Zentrix").kind is EntityKind.ORGANIZATION


def test_a_full_name_is_a_person_when_the_article_calls_her_by_surname() -> None:
    facts = facts_of(
        "Vote\n\nSenators voted to confirm Kirstjen Nielsen on Tuesday. Nielsen said she would "
        "secure the border."
    )
    nielsen = entity_named(facts, "Kirstjen Nielsen")
    assert nielsen.kind is EntityKind.PERSON
    assert "Nielsen" in {m.text for m in nielsen.mentions}


def test_places_listed_together_are_places() -> None:
    facts = facts_of(
        "Visas\n\nThe consulates in Kazan, Samara, and Tolyatti will reopen on Monday."
    )
    assert names(facts, EntityKind.PLACE) >= {"Kazan", "Samara", "Tolyatti"}
    assert not names(facts, EntityKind.PERSON)


def test_pairs_programmes_tax_terms_and_tickers_are_not_organizations() -> None:
    for text in (
        "Talks\n\nJohn Smith and Mary Jones met on Monday. The Smith-Jones talks ended without "
        "a deal.",
        "Tax\n\nLawmakers debated the state and local tax (SALT) deduction on Monday. The SALT "
        "change would hit high-tax states.",
        "Health\n\nThe plan would extend the Children's Health Insurance Program (CHIP) for five "
        "years.",
        "Health\n\nRepublicans failed to repeal the former president's initiative to expand "
        "coverage, popularly known as Medicorp. Critics say Medicorp raised costs.",
        "Shares\n\nShares of Equifax Inc (EFX.N) fell 3 percent on Friday.",
    ):
        facts = facts_of(text)
        every_name = {m.text for e in facts.entities for m in e.mentions}
        for not_a_name in ("Smith-Jones", "SALT", "CHIP", "Children", "Medicorp", "EFX.N"):
            assert not_a_name not in every_name, (not_a_name, text)


def test_what_a_name_modifies_or_a_pronoun_can_make_it_a_person() -> None:
    campaign = facts_of(
        "Probe\n\nA longtime associate of former Okafor campaign manager Paul Ellis hired new "
        "lawyers on Friday."
    )
    assert entity_named(campaign, "Okafor").kind is EntityKind.PERSON
    pronoun = facts_of(
        "Plan\n\nAsked whether he backed the plan, Okafor said he would decide next week."
    )
    assert entity_named(pronoun, "Okafor").kind is EntityKind.PERSON


def test_a_committee_without_its_chamber_is_the_one_the_article_names() -> None:
    named = facts_of(
        "Hearing\n\nWASHINGTON (Reuters) - The Senate Judiciary Committee met on Monday. The "
        "Judiciary Committee will vote next week."
    )
    committee = entity_named(named, "Senate Judiciary Committee")
    assert "Judiciary Committee" in {m.text for m in committee.mentions}
    unsaid = facts_of(
        "Hearing\n\nWASHINGTON (Reuters) - The Judiciary Committee will vote next week on the "
        "nominee."
    )
    assert key_of(unsaid, "Judiciary Committee").startswith(LOCAL_KEY_PREFIX)
