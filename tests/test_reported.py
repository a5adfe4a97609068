"""Reported speech: the clause a speech verb governs, attributed to its subject."""

from __future__ import annotations

from conftest import facts_of, key_of, speaker_names, speaker_of

from graph.model import ArticleFacts, SourceKind


def reported(facts: ArticleFacts) -> list[tuple[str, str, str | None]]:
    names = speaker_names(facts)
    return [
        (names[s.speaker_key], s.content.text, s.cue_lemma)
        for s in facts.statements
        if not s.is_direct
    ]


def test_said_that_clause() -> None:
    facts = facts_of("Talks\n\nPresident Ana Lima said that the border would reopen on Monday.")
    assert reported(facts) == [("Ana Lima", "the border would reopen on Monday", "say")]


def test_admitted_with_that_and_time_expression(bundled: ArticleFacts) -> None:
    statement = next(
        s for s in bundled.statements if s.content.text.startswith("Russia is likely to intensify")
    )
    assert speaker_of(bundled, "Russia is likely to intensify") == "Jens Stoltenberg"
    assert statement.cue_lemma == "admit" and not statement.is_direct


def test_claims_on_a_date_that() -> None:
    facts = facts_of(
        "Talks\n\nPresident Karl Berger repeated his claims on March 4 that the army "
        "was not taking part in the war."
    )
    assert reported(facts) == [("Karl Berger", "the army was not taking part in the war", "repeat")]
    assert facts.statements[0].time_expression == "on March 4"


def test_according_to() -> None:
    facts = facts_of(
        "Talks\n\nAccording to the United Nations, more than a million people have "
        "fled the fighting."
    )
    assert reported(facts) == [
        ("United Nations", "more than a million people have fled the fighting", "according to")
    ]


def test_organization_said_after_the_clause(bundled: ArticleFacts) -> None:
    # "Blinken discussed ... with Kuleba, the State Department said."
    assert speaker_of(bundled, "Blinken discussed additional security") == "State Department"


def test_called_on_and_pledged_and_vowed(bundled: ArticleFacts) -> None:
    assert speaker_of(bundled, "to stop his unprovoked war") == "Jens Stoltenberg"
    assert speaker_of(bundled, "to raise the issue of a no-fly zone") == "Dmytro Kuleba"
    # "Baerbock vowed ... that Europe would “take further measures ...”": mostly quote.
    assert speaker_of(bundled, "take further measures") == "Annalena Baerbock"
    vowed = facts_of("Talks\n\nMinister Eva Lund vowed that the plant would close by 2030.")
    assert reported(vowed) == [("Eva Lund", "the plant would close by 2030", "vow")]


def test_conjoined_verb_shares_the_subject(settlements: ArticleFacts) -> None:
    # "Russia's foreign ministry said it viewed ... and said it would likely ..."
    assert (
        speaker_of(settlements, "it would likely further heighten tensions")
        == "Foreign Ministry (Russia)"
    )


def test_participle_belongs_to_the_reporting_clause(settlements: ArticleFacts) -> None:
    # "Pompeo said that ... Washington had concluded ..., saying he trusted the courts".
    assert speaker_of(settlements, "he trusted the Israeli courts to decide") == "Mike Pompeo"


def test_subject_that_is_not_an_entity_is_an_unnamed_source() -> None:
    facts = facts_of("Talks\n\nAnalysts said the market would fall.")
    assert reported(facts) == [("Analysts", "the market would fall", "say")]
    (source,) = facts.sources
    assert (source.kind, source.plural, source.tied_to) == (SourceKind.PERSON, True, None)


def test_clause_that_is_all_quote_is_only_a_direct_quote() -> None:
    facts = facts_of("Talks\n\n“We will win,” President Ana Lima said.")
    assert [s.is_direct for s in facts.statements] == [True]


def test_officials_of_a_country_are_tied_to_it() -> None:
    facts = facts_of("Talks\n\nSaudi officials say they have not yet decided on listing venues.")
    assert reported(facts) == [
        ("Saudi officials", "they have not yet decided on listing venues", "say")
    ]
    assert facts.sources[0].tied_to == key_of(facts, "Saudi Arabia")


def test_a_company_s_lawyers_speak_for_it() -> None:
    facts = facts_of(
        "Talks\n\nAcme Corp said on Monday it would appeal. Acme Corp's lawyers "
        "warned about litigation risks in New York."
    )
    assert ("Acme Corp", "litigation risks in New York", "warn") in reported(facts)


def test_parenthetical_said_takes_the_longer_side() -> None:
    facts = facts_of(
        "Talks\n\nAnother issue to be raised, Prime Minister Binali Yildirim had "
        "said, was the fate of citizens arrested abroad."
    )
    assert reported(facts) == [
        ("Binali Yildirim", "was the fate of citizens arrested abroad", "say")
    ]


def test_misattached_that_clause_is_still_the_content() -> None:
    facts = facts_of(
        "Talks\n\nCuba told senior U.S. officials during talks on migration in "
        "Havana on Monday that the decision was hampering family relations."
    )
    assert ("Cuba", "the decision was hampering family relations", "tell") in reported(facts)


def test_saying_with_two_clauses_keeps_both() -> None:
    facts = facts_of(
        "Talks\n\nNasdaq replied to the critics, saying it agreed the market was "
        "strong but that Aramco belongs on Nasdaq."
    )
    assert any(
        name == "Nasdaq" and "that Aramco belongs on Nasdaq" in text
        for name, text, _ in reported(facts)
    )


def test_hyphenated_surname_is_the_same_person() -> None:
    facts = facts_of(
        "Talks\n\nMohammed al-Sabban, a former adviser, spoke on Monday. Sabban said "
        "the law would still apply."
    )
    assert reported(facts) == [("Mohammed al-Sabban", "the law would still apply", "say")]
