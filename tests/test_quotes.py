"""Direct quotes: every quotation-mark construction, attributed to the right speaker."""

from __future__ import annotations

from conftest import facts_of, speaker_of, statements_by

from graph.extract.quotes import find_quote_spans
from graph.model import ArticleFacts
from graph.read import parse_article


def direct(facts: ArticleFacts) -> list[str]:
    return [s.content.text for s in facts.statements if s.is_direct]


def test_quote_with_speech_verb_after_it() -> None:
    facts = facts_of(
        "Talks\n\n“We will not back down,” Foreign Minister Anna Berg said on Tuesday."
    )
    assert direct(facts) == ["We will not back down"]
    statement = facts.statements[0]
    assert speaker_of(facts, "We will not back down") == "Anna Berg"
    assert statement.cue_lemma == "say"
    assert statement.cue is not None and statement.cue.text == "said"
    assert statement.source is not None and statement.source.text == "Anna Berg"
    assert statement.time_expression == "on Tuesday"


def test_inverted_speech_verb_before_the_speaker() -> None:
    facts = facts_of("Talks\n\n“Prices will rise,” said Tomas Novak, an economist at the bank.")
    assert speaker_of(facts, "Prices will rise") == "Tomas Novak"


def test_pronoun_speaker_resolves_to_previous_person_of_that_gender() -> None:
    facts = facts_of(
        "Talks\n\nPrime Minister Helga Olsen met Peter Brandt on Monday. "
        "Olsen said her government would act.\n\n"
        "“We have no time to lose,” she added."
    )
    assert speaker_of(facts, "We have no time to lose") == "Helga Olsen"


def test_he_skips_a_nearer_woman() -> None:
    facts = facts_of(
        "Talks\n\nSenator Marek Duda said he had met Judge Sofia Ricci, who says she wants peace. "
        "“The meeting was useful,” he said."
    )
    assert speaker_of(facts, "The meeting was useful") == "Marek Duda"


def test_paragraph_without_verb_continues_previous_speaker() -> None:
    facts = facts_of(
        "Talks\n\nOpposition leader Carla Mendes said the vote had been rigged.\n\n"
        "“They stole it from the people. We will go to court.”"
    )
    assert speaker_of(facts, "They stole it from the people") == "Carla Mendes"


def test_continuation_needs_the_previous_paragraph_to_end_with_that_speaker() -> None:
    facts = facts_of(
        "Talks\n\nOpposition leader Carla Mendes said the vote had been rigged. "
        "Rain fell over the capital for most of the day.\n\n"
        "“They stole it from the people.”"
    )
    assert speaker_of(facts, "They stole it from the people") is None


def test_split_quote_gives_both_halves_to_the_speaker() -> None:
    facts = facts_of(
        "Talks\n\n“We are ready,” said General Omar Haddad. “But nobody should test us.”"
    )
    assert speaker_of(facts, "We are ready") == "Omar Haddad"
    assert speaker_of(facts, "But nobody should test us") == "Omar Haddad"


def test_quote_running_over_two_paragraphs() -> None:
    text = (
        "Talks\n\nMayor Lena Vogel said: “The city will rebuild every school.\n\n"
        "“And it will do so before winter.”"
    )
    spans = find_quote_spans(parse_article(text, source_name="t"))
    assert len(spans) == 2 and not spans[0].closed
    facts = facts_of(text)
    assert speaker_of(facts, "The city will rebuild every school") == "Lena Vogel"
    assert speaker_of(facts, "And it will do so before winter") == "Lena Vogel"


def test_straight_quotes_and_nested_single_quotes() -> None:
    facts = facts_of("Talks\n\n\"He told me 'never again' and I believed him,\" said Ana Costa.")
    assert direct(facts) == ["He told me 'never again' and I believed him"]
    assert speaker_of(facts, "never again") == "Ana Costa"


def test_unclosed_quote_is_dropped_not_the_article() -> None:
    facts = facts_of("Talks\n\nJan Kowalski said “this never closes. Kowalski left Warsaw.")
    assert direct(facts) == []
    assert any(e.name == "Jan Kowalski" for e in facts.entities)


def test_scare_quotes_are_not_attributed() -> None:
    facts = facts_of(
        "Talks\n\nPresident Ivan Petrov ordered the so-called “special operation” on Monday."
    )
    assert direct(facts) == []


def test_organization_as_speaker() -> None:
    facts = facts_of(
        "Talks\n\nThe European Union said the sanctions would stay “for as long as needed”."
    )
    assert speaker_of(facts, "for as long as needed") == "European Union"


def test_spokesperson_for_an_organization_speaks_for_it(settlements: ArticleFacts) -> None:
    assert (
        speaker_of(settlements, "are illegal under international law")
        == "Foreign Office (United Kingdom)"
    )


def test_role_description_as_speaker(summit: ArticleFacts) -> None:
    # "the Philippines president said" after "Philippines President Rodrigo Duterte".
    assert speaker_of(summit, "It is a personal and official insult") == "Rodrigo Duterte"
    assert speaker_of(summit, "I only answer to the Filipino") == "Rodrigo Duterte"


def test_bundled_article_quotes(bundled: ArticleFacts) -> None:
    assert speaker_of(bundled, "NATO is not part of the conflict") == "Jens Stoltenberg"
    # The second quote of that paragraph has no verb: same speaker, not the next paragraph's.
    assert speaker_of(bundled, "We do not seek war") == "Jens Stoltenberg"
    assert speaker_of(bundled, "avoid triggering an international conflict") == "Melanie Joly"
    assert speaker_of(bundled, "I believe that all encouragements") == "Ingrida Simonyte"
    assert speaker_of(bundled, "fighting with a deliberate violation") == "Mykhaylo Podolyak"
    assert len(statements_by(bundled, "Bogdan Aurescu")) >= 3


def test_statement_spans_point_at_their_text(bundled: ArticleFacts) -> None:
    text = bundled.document.text
    for statement in bundled.statements:
        assert text[statement.content.start : statement.content.end] == statement.content.text
        for part in (statement.source, statement.cue):
            if part is not None:
                assert text[part.start : part.end] == part.text


def test_slogan_belongs_to_the_possessor() -> None:
    facts = facts_of(
        "Talks\n\nAllies are troubled by President Donald Trump's “America first” "
        "rhetoric and statements on trade."
    )
    assert speaker_of(facts, "America first") == "Donald Trump"
    assert not any(e.name == "America first" for e in facts.entities)


def test_role_description_without_holder_names_the_only_holder() -> None:
    facts = facts_of(
        "Talks\n\nSecretary of State Rex Tillerson flew to Brussels on Monday. "
        "Reporters asked about his future. The secretary of state said: "
        "“I am not leaving.”"
    )
    assert speaker_of(facts, "I am not leaving") == "Rex Tillerson"


def test_question_then_attribution_sentence() -> None:
    facts = facts_of(
        "Talks\n\nThe vote failed. “Who would have thought they could do this?” Senator "
        "Chuck Schumer told a news conference. “It was a mistake!” Some lawmakers left."
    )
    assert speaker_of(facts, "Who would have thought") == "Chuck Schumer"


def test_colon_label_names_the_speaker() -> None:
    facts = facts_of(
        "Market views\n\nPeter Cardillo, chief market economist at First Standard Financial: "
        "“If anything it prompts Congress to act before year end.”"
    )
    assert speaker_of(facts, "If anything it prompts Congress") == "Peter Cardillo"
