"""Every family of attribution: unnamed, group, organization and document sources, "according
to", beliefs, intentions, nominal cues, headline labels, signed quotes, plural and present cues."""

from __future__ import annotations

from conftest import facts_of, key_of, speaker_names

from graph.model import ArticleFacts, AttributionKind, SourceKind, Statement, UnnamedSource


def statement_with(facts: ArticleFacts, words: str) -> Statement:
    found = [s for s in facts.statements if words in s.content.text]
    assert found, f"no statement with {words!r} in {[s.content.text for s in facts.statements]}"
    return found[0]


def attribution(facts: ArticleFacts, words: str) -> tuple[str, AttributionKind, str]:
    """(speaker's name or label, kind, content) of the statement holding `words`."""
    statement = statement_with(facts, words)
    return speaker_names(facts)[statement.speaker_key], statement.kind, statement.content.text


def source_of(facts: ArticleFacts, words: str) -> UnnamedSource:
    key = statement_with(facts, words).speaker_key
    return next(source for source in facts.sources if source.key == key)


def test_anonymous_official_is_one_node_tied_to_the_white_house() -> None:
    facts = facts_of(
        "Veto threat\n\nA senior White House official said the president would veto the bill. "
        "The official added that talks with Senate leaders would resume on Monday."
    )
    assert attribution(facts, "veto") == (
        "senior White House official",
        AttributionKind.SPEECH,
        "the president would veto the bill",
    )
    first, again = source_of(facts, "veto"), source_of(facts, "talks with Senate leaders")
    assert first == again
    assert (first.kind, first.plural, first.tied_to) == (
        SourceKind.PERSON,
        False,
        key_of(facts, "White House"),
    )
    assert [m.text for m in first.mentions] == ["A senior White House official", "The official"]


def test_group_of_people_with_a_plural_present_cue() -> None:
    facts = facts_of("Budget\n\nCritics argue that the new budget favors wealthy families.")
    assert attribution(facts, "favors") == (
        "Critics",
        AttributionKind.SPEECH,
        "the new budget favors wealthy families",
    )
    assert source_of(facts, "favors").plural


def test_a_share_of_voters_is_a_group() -> None:
    facts = facts_of("Survey\n\nA majority of voters say the economy is their top concern.")
    assert attribution(facts, "economy") == (
        "majority of voters",
        AttributionKind.SPEECH,
        "the economy is their top concern",
    )
    assert source_of(facts, "economy").kind is SourceKind.GROUP


def test_an_unnamed_organization_and_a_named_one_speaking_as_itself() -> None:
    facts = facts_of(
        "Rally\n\nThe campaign said the rally would go ahead. The Pentagon said in a "
        "statement that the exercise had ended."
    )
    assert attribution(facts, "rally") == (
        "campaign",
        AttributionKind.SPEECH,
        "the rally would go ahead",
    )
    assert source_of(facts, "rally").kind is SourceKind.ORGANIZATION
    assert attribution(facts, "exercise") == (
        "Pentagon",
        AttributionKind.SPEECH,
        "the exercise had ended",
    )


def test_a_poll_shows_evidence() -> None:
    facts = facts_of("Race\n\nThe latest poll shows the governor leading by six points.")
    assert attribution(facts, "leading") == (
        "latest poll",
        AttributionKind.EVIDENCE,
        "the governor leading by six points",
    )
    assert source_of(facts, "leading").kind is SourceKind.DOCUMENT


def test_according_to_a_report() -> None:
    facts = facts_of(
        "Jobs\n\nAccording to a new Labor Department report, unemployment fell to 4 percent."
    )
    assert attribution(facts, "unemployment") == (
        "new Labor Department report",
        AttributionKind.EVIDENCE,
        "unemployment fell to 4 percent",
    )
    assert statement_with(facts, "unemployment").cue_lemma == "according to"


def test_belief() -> None:
    facts = facts_of("Talks\n\nMinister Karen Holt believes the trade deal will collapse.")
    assert attribution(facts, "collapse") == (
        "Karen Holt",
        AttributionKind.THOUGHT,
        "the trade deal will collapse",
    )


def test_intention_with_an_infinitive() -> None:
    facts = facts_of("Race\n\nMayor Luis Ortega wants to run for governor next year.")
    assert attribution(facts, "governor") == (
        "Luis Ortega",
        AttributionKind.INTENTION,
        "to run for governor next year",
    )


def test_nominal_cue_takes_the_possessor_as_source() -> None:
    facts = facts_of(
        "Trade\n\nSenator Ann Walsh spoke in Iowa. Walsh's criticism of the new tariffs "
        "drew loud applause from farmers."
    )
    statement = statement_with(facts, "tariffs")
    assert attribution(facts, "tariffs") == (
        "Ann Walsh",
        AttributionKind.SPEECH,
        "the new tariffs",
    )
    assert statement.cue_lemma == "criticism"


def test_headline_label_names_the_source() -> None:
    facts = facts_of(
        "Poll: Voters sour on the governor's tax plan\n\nThe survey of 900 voters was "
        "taken last week."
    )
    assert attribution(facts, "tax plan") == (
        "Poll",
        AttributionKind.SPEECH,
        "Voters sour on the governor's tax plan",
    )
    assert source_of(facts, "tax plan").kind is SourceKind.DOCUMENT


def test_headline_rubric_is_not_a_source() -> None:
    facts = facts_of("BREAKING: Storm closes the airport\n\nFlights were cancelled on Monday.")
    assert facts.statements == ()


def test_quote_signed_with_a_dash() -> None:
    facts = facts_of(
        "Readers write\n\nWe asked readers about the new bridge.\n\n"
        "“It has cut my commute in half.” ― Dana Whitfield\n"
        "“The tolls are far too high for families.” ― Omar Haddad"
    )
    statement = statement_with(facts, "commute")
    assert statement.is_direct
    assert attribution(facts, "commute") == (
        "Dana Whitfield",
        AttributionKind.SPEECH,
        "It has cut my commute in half",
    )
    assert attribution(facts, "tolls")[0] == "Omar Haddad"


def test_writing_and_plural_pronoun() -> None:
    facts = facts_of(
        "Strike\n\nThe dock workers met on Tuesday. They said the strike would continue. "
        "Mayor Joan Pruitt tweeted that the city would not negotiate."
    )
    assert attribution(facts, "strike would continue")[0] == "dock workers"
    assert attribution(facts, "negotiate") == (
        "Joan Pruitt",
        AttributionKind.WRITING,
        "the city would not negotiate",
    )


def test_as_reported_clause_gives_the_main_clause() -> None:
    facts = facts_of(
        "Budget\n\nAs the Financial Times reported, the bank will cut 3,000 jobs this year."
    )
    assert attribution(facts, "jobs") == (
        "Financial Times",
        AttributionKind.SPEECH,
        "the bank will cut 3,000 jobs this year",
    )


def test_show_titles_are_not_statements() -> None:
    facts = facts_of(
        "Interview\n\nThe senator appeared on NBC's “Meet the Press” on Sunday and spoke "
        "about the budget."
    )
    assert not any(s.is_direct for s in facts.statements)
