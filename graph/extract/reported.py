"""Reported speech: "X said (that) ...", "X warned of ...", "X called on Y to ...", "according to".

The content is the clause (or object) the speech verb governs, as a character span; clauses
that are wholly a direct quote are left to the quote extractor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.entities import EntityIndex
from graph.extract.lexicon import load_lexicon
from graph.extract.spans import char_span, entities_in, sentence_of, trimmed_span
from graph.extract.speakers import Speaker, SpeakerResolver, is_passive, subject_of
from graph.model import Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs whose object is itself what was said: "condemned attacks on civilians".
_OBJECT_CONTENT_VERBS = {
    "declare",
    "condemn",
    "call",
    "note",
    "express",
    "voice",
    "deny",
    "reject",
    "welcome",
    "praise",
    "criticise",
    "criticize",
    "denounce",
    "decry",
    "announce",
    "confirm",
    "acknowledge",
    "admit",
    "pledge",
    "vow",
    "promise",
    "demand",
    "propose",
    "reiterate",
    "repeat",
    "echo",
    "stress",
    "underscore",
    "urge",
    "threaten",
    "predict",
    "claim",
    "hail",
    "blame",
    "accuse",
}
# "warned of", "called for", "spoke about".
_CONTENT_PREPOSITIONS = {"of", "for", "about", "against", "on"}
_SAY_VERBS = {"say", "add", "report", "note", "state", "tell"}
_DEMONSTRATIVES = {"that", "this", "these", "those", "it", "so"}
_MIN_CONTENT_WORDS = 2
_QUOTED_SHARE = 0.7


def extract_reported(doc: Doc, resolver: SpeakerResolver) -> list[Statement]:
    verbs = load_lexicon().speech_verbs
    statements = []
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs and not is_passive(token):
            statement = _from_verb(doc, token, resolver)
        elif token.lower_ == "according" and token.dep_ == "prep":
            statement = _from_according_to(doc, token, resolver)
        else:
            continue
        if statement is not None:
            statements.append(statement)
    return statements


def _from_verb(doc: Doc, verb: Token, resolver: SpeakerResolver) -> Statement | None:
    content = _content_of(doc, verb)
    if content is None or _mostly_quoted(content, resolver):
        return None
    subject = subject_of(verb)
    if subject is None:
        return None
    speaker = resolver.resolve(subject)
    if speaker is None:
        return None
    return _reported(
        resolver,
        content,
        speaker,
        char_span(doc, verb.i, verb.i + 1),
        verb.lemma_.lower(),
        time_expression(doc, verb, content),
    )


def _content_of(doc: Doc, verb: Token) -> Span | None:
    children = list(verb.children)
    lemma = verb.lemma_.lower()
    # "..., the State Department said." puts the clause before the verb.
    clauses = [c for c in children if c.dep_ == "ccomp"]
    if not clauses:
        clauses = [c for c in children if c.dep_ == "xcomp" and c.i > verb.i]
    if clauses:
        # "saying it agreed ... but that Aramco belongs on Nasdaq": all the clauses.
        start, end = clauses[0].left_edge.i, clauses[-1].right_edge.i + 1
        misread = [c for c in children if c.dep_ == "dobj" and verb.i < c.i < clauses[0].i]
        if misread and lemma in _SAY_VERBS:
            # "said at least $300 billion ... had been agreed": the parser took the clause's
            # subject for the verb's object.
            start = misread[0].left_edge.i
        return _span_of(doc, start, end)
    if verb.dep_ == "parataxis":
        return _around_parenthetical(doc, verb)
    that_clause = next(
        (
            t.head
            for t in verb.subtree
            if t.i > verb.i
            and t.lower_ == "that"
            and t.dep_ == "mark"
            and t.head.pos_ in {"VERB", "AUX"}
        ),
        None,
    )
    if that_clause is not None:
        # "told officials during talks ... that the decision was ...": a misattached clause.
        return _span_of(doc, that_clause.left_edge.i, that_clause.right_edge.i + 1)
    if lemma in _SAY_VERBS:
        unread = _unparsed_clause(doc, verb)
        if unread is not None:
            return unread
    objects = [c for c in children if c.dep_ in {"dobj", "oprd"} and c.i > verb.i]
    if objects and lemma in _OBJECT_CONTENT_VERBS:
        first = objects[0]
        # "repeated his claims that ...": the clause hanging off a noun of saying.
        for child in first.children:
            if child.dep_ in {"acl", "ccomp", "relcl"} and any(
                g.lower_ == "that" and g.dep_ == "mark" for g in child.children
            ):
                return _span_of(doc, child.left_edge.i, child.right_edge.i + 1)
        if first.lower_ in _DEMONSTRATIVES or any(
            c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in first.children
        ):
            return None
        end = max(
            c.right_edge.i
            for c in children
            if c.i > verb.i
            and c.dep_ in {"dobj", "oprd", "xcomp", "advcl", "prep"}
            and c.i >= first.i
        )
        return _span_of(doc, first.left_edge.i, end + 1)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPOSITIONS and child.i == verb.i + 1:
            if lemma == "call" and child.lower_ == "on":
                return _span_of(doc, child.i, _clause_end(verb) + 1)
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if objects and lemma in _OBJECT_CONTENT_VERBS | {"warn", "speak", "ask"}:
                return _span_of(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
    return None


def _around_parenthetical(doc: Doc, verb: Token) -> Span | None:
    """ "Another issue, Yildirim had said, was the fate of ...": the longer side of the clause
    the parenthetical "X said" interrupts."""
    host = verb.head
    inner_start, inner_end = verb.left_edge.i, verb.right_edge.i + 1
    before = _span_of(doc, host.left_edge.i, inner_start)
    after = _span_of(doc, inner_end, host.right_edge.i + 1)
    sides = [side for side in (before, after) if side is not None]
    return max(sides, key=lambda side: side.end - side.start) if sides else None


def _unparsed_clause(doc: Doc, verb: Token) -> Span | None:
    """ "Abbasi said the two allies shared objectives": a clause the parser flattened into an
    object; taken when the words after the verb hold a finite verb of their own."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return None
    start, end = verb.i + 1, objects[-1].right_edge.i + 1
    if verb.lemma_.lower() == "tell":
        start = objects[0].right_edge.i + 1
    finite = any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in doc[start:end])
    return _span_of(doc, start, end) if finite else None


def _clause_end(verb: Token) -> int:
    """The last token of the verb's right-hand dependents, punctuation and conjuncts excluded."""
    right = [c for c in verb.rights if c.dep_ not in {"punct", "cc", "conj"}]
    return right[-1].right_edge.i if right else verb.i


def _span_of(doc: Doc, start: int, end: int) -> Span | None:
    span = trimmed_span(doc, start, end)
    if span is None or len(span.text.split()) < _MIN_CONTENT_WORDS:
        return None
    return span


def _mostly_quoted(content: Span, resolver: SpeakerResolver) -> bool:
    quoted = sum(
        max(0, min(end, content.end) - max(start, content.start))
        for start, end in resolver.quoted_chars
    )
    return quoted >= _QUOTED_SHARE * (content.end - content.start)


def _from_according_to(doc: Doc, according: Token, resolver: SpeakerResolver) -> Statement | None:
    """ "According to X, CLAUSE": the clause, without the attribution phrase."""
    source_token = next(
        (g for c in according.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"),
        None,
    )
    if source_token is None:
        return None
    speaker = resolver.resolve(source_token)
    if speaker is None:
        return None
    clause = according.head
    phrase_start, phrase_end = according.left_edge.i, according.right_edge.i + 1
    start, end = clause.left_edge.i, clause.right_edge.i + 1
    if phrase_start <= start:
        start = phrase_end
    elif phrase_end >= end:
        end = phrase_start
    content = _span_of(doc, start, end)
    if content is None or _mostly_quoted(content, resolver):
        return None
    cue = char_span(doc, according.i, min(according.i + 2, len(doc)))
    return _reported(resolver, content, speaker, cue, "according to", None)


def _reported(
    resolver: SpeakerResolver,
    content: Span,
    speaker: Speaker,
    cue: Span,
    speech_verb: str,
    when: str | None,
) -> Statement:
    return Statement(
        is_direct=False,
        content=content,
        speaker_key=speaker.key,
        source=speaker.source,
        cue=cue,
        speech_verb=speech_verb,
        time_expression=when,
        about=about_keys(resolver.index, content, speaker.key),
    )


def time_expression(doc: Doc, cue: Token | None, content: Span) -> str | None:
    """A date or time the cue's sentence gives outside the content: "on March 4"."""
    if cue is None:
        return None
    for ent in entities_in(sentence_of(cue)):
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        if content.start <= ent.start_char < content.end or not _modifies(ent.root, cue):
            continue
        preposition = doc[ent.start - 1] if ent.start > 0 else None
        if preposition is not None and preposition.pos_ == "ADP":
            return f"{preposition.text} {ent.text}"
        return str(ent.text)
    return None


def _modifies(token: Token, cue: Token) -> bool:
    """The date hangs off the cue verb, or off a participle clause of it ("Speaking on March 4")."""
    ancestor = token.head
    while ancestor.pos_ not in {"VERB", "AUX"} and ancestor.head.i != ancestor.i:
        ancestor = ancestor.head
    return ancestor.i == cue.i or (ancestor.dep_ == "advcl" and ancestor.head.i == cue.i)


def about_keys(index: EntityIndex, content: Span, speaker_key: str) -> tuple[str, ...]:
    """Entities mentioned inside the content, in order of first mention."""
    found: dict[str, int] = {}
    for entity in index.entities:
        for mention in entity.mentions:
            if content.start <= mention.start and mention.end <= content.end:
                found.setdefault(entity.key, mention.start)
    found.pop(speaker_key, None)
    return tuple(sorted(found, key=lambda key: found[key]))
