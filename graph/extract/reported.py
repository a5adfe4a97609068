"""Reported attributions: "X said (that) ...", "X believes ...", "X vowed to ...", "X warned of
...", "Trump's claim that ...", "according to X", "In a new poll, ...".

Cues and where their content is come from graph/data/attribution_cues.tsv; the content is the
span of the clause, infinitive, object or prepositional object the cue governs. Contents that
are wholly a direct quote are left to the quote extractor.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.entities import EntityIndex
from graph.extract.lexicon import Cue, Lexicon, load_lexicon
from graph.extract.sources import can_head_source, source_kind
from graph.extract.spans import char_span, entities_in, sentence_of, trimmed_span
from graph.extract.speakers import Speaker, SpeakerResolver, is_passive, subject_of
from graph.model import AttributionKind, SourceKind, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SAY_VERBS = {"say", "add", "report", "note", "state", "tell"}
_DEMONSTRATIVES = {"that", "this", "these", "those", "it", "so"}
_MIN_CONTENT_WORDS = 2
_QUOTED_SHARE = 0.7
_CLAUSAL_DEPS = {"acl", "ccomp", "relcl", "appos"}
_OBJECT_EXTENSIONS = {"dobj", "oprd", "xcomp", "ccomp"}
# "condemned the attack on Tuesday in Kyiv": prepositions that say when or where, not what.
_SETTING_PREPOSITIONS = {"on", "in", "at", "during", "after", "before", "since", "until", "amid"}
_CUE_POS = {"VERB", "AUX", "NOUN", "ADJ", "ADP"}


def extract_reported(doc: Doc, resolver: SpeakerResolver) -> list[Statement]:
    """Every attribution whose cue is a verb, an adjective or a noun of the cue lexicon, or
    "according to"; cues inside quotation marks are part of someone's words, not the article's."""
    lexicon = load_lexicon()
    statements = []
    for token in _candidates(doc):
        according = token.lower_ == "according" and token.dep_ == "prep"
        if token.pos_ not in _CUE_POS or resolver.in_quote(token.idx):
            continue
        statement: Statement | None = None
        if according:
            statement = _from_according_to(doc, token, resolver)
        elif token.lower_ == "in" and token.dep_ == "prep":
            statement = _from_in_document(doc, token, resolver, lexicon)
        else:
            cue = cue_of(token, lexicon)
            if cue is None:
                continue
            if cue.pos == "noun":
                statement = _from_noun(doc, token, cue, resolver)
            elif is_passive(token):
                statement = _from_passive(doc, token, cue, resolver)
            else:
                statement = _from_verb(doc, token, cue, resolver)
        if statement is not None:
            statements.append(statement)
    return statements


def _candidates(doc: Doc) -> Iterator[Token]:
    """The tokens whose lemma is a cue's (or "according", "in"): looked up on the Doc's
    array of lemma ids, so that most words never become a spaCy Token object."""
    from spacy.attrs import LEMMA

    wanted = _cue_lemma_ids()
    for index, lemma in enumerate(doc.to_array(LEMMA).tolist()):
        if lemma in wanted:
            yield doc[index]


@lru_cache(maxsize=1)
def _cue_lemma_ids() -> frozenset[int]:
    from spacy.strings import get_string_id

    lexicon = load_lexicon()
    lemmas = {lemma for lemma, _ in lexicon.cues} | lexicon.speech_verbs | {"accord", "in"}
    return frozenset(get_string_id(lemma) for lemma in lemmas)


def cue_of(token: Token, lexicon: Lexicon) -> Cue | None:
    """The lexicon's cue for this word as the part of speech the parser gave it; a speech verb
    of the older list is a cue with a clause."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        cue = lexicon.cues.get((lemma, "verb"))
        if lemma in lexicon.speech_verbs and (cue is None or "clause" not in cue.frames):
            frames = frozenset({"clause"}) | (cue.frames if cue else frozenset())
            cue = Cue(lemma, "verb", cue.kind if cue else AttributionKind.SPEECH, frames)
        return cue
    if token.pos_ == "ADJ" and token.dep_ in {"acomp", "amod"}:
        return lexicon.cues.get((token.lower_, "adj"))
    if token.pos_ == "NOUN":
        return lexicon.cues.get((lemma, "noun"))
    return None


def _from_verb(doc: Doc, verb: Token, cue: Cue, resolver: SpeakerResolver) -> Statement | None:
    content = _content_of(doc, verb, cue)
    if content is None or _mostly_quoted(content, resolver):
        return None
    # "X is confident that ...": the subject is the copula's.
    subject = subject_of(verb.head if cue.pos == "adj" else verb)
    if subject is None:
        return None
    speaker = resolver.resolve(subject)
    if speaker is None:
        return None
    return _reported(
        resolver,
        content,
        speaker,
        _cue_span(doc, verb),
        cue,
        time_expression(doc, verb, content),
    )


def _from_passive(doc: Doc, verb: Token, cue: Cue, resolver: SpeakerResolver) -> Statement | None:
    """ "The plan was criticized by Democrats": the subject is the content, the agent the source."""
    if not cue.frames & {"object", "naming"}:
        return None
    agent = next(
        (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
        None,
    )
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if agent is None or subject is None or subject.lower_ in _DEMONSTRATIVES:
        return None
    content = _phrase_of(doc, subject.left_edge.i, subject.right_edge.i + 1)
    return _said_by(resolver, agent, content, _cue_span(doc, verb), cue)


def _from_noun(doc: Doc, noun: Token, cue: Cue, resolver: SpeakerResolver) -> Statement | None:
    """ "Trump's claim that ...", "her criticism of ...", "made the case for ...": the possessor,
    or the subject of a light verb, says what the noun's clause or object holds."""
    source = next((c for c in noun.children if c.dep_ == "poss"), None)
    if source is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        light = noun.head
        if light.lemma_.lower() in load_lexicon().light_verbs and not is_passive(light):
            source = subject_of(light)
    if source is None:
        return None
    return _said_by(resolver, source, _noun_content(doc, noun, cue), _cue_span(doc, noun), cue)


def _noun_content(doc: Doc, noun: Token, cue: Cue) -> Span | None:
    for child in noun.rights:
        if "clause" in cue.frames and child.dep_ in _CLAUSAL_DEPS and _has_that(child):
            return _span_of(doc, child.left_edge.i, child.right_edge.i + 1)
        if "infinitive" in cue.frames and child.dep_ in {"acl", "xcomp"} and _is_infinitive(child):
            return _span_of(doc, child.left_edge.i, child.right_edge.i + 1)
        if child.dep_ == "prep" and child.lower_ in cue.frames:
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if objects:
                return _phrase_of(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
    return None


def _has_that(clause: Token) -> bool:
    return _has_mark(clause, {"that", "whether", "if"})


def _has_mark(clause: Token, words: set[str]) -> bool:
    return any(g.lower_ in words and g.dep_ == "mark" for g in clause.children)


def _is_infinitive(verb: Token) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in verb.children
    )


def _cue_span(doc: Doc, cue: Token) -> Span:
    """The cue word, with its particle: "pointed out", "laid out"."""
    end = cue.i + 1
    if end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == cue.i:
        end += 1
    return char_span(doc, cue.i, end)


def _content_of(doc: Doc, verb: Token, cue: Cue) -> Span | None:
    frames = cue.frames
    if "clause" in frames:
        # "vowed to ...", "said to be ...": an infinitive is the clause only for cues that
        # take one, not for "continued to insist".
        takes_infinitive = (
            "infinitive" in frames or verb.lemma_.lower() in load_lexicon().speech_verbs
        )
        clause = _clause_of(doc, verb, takes_infinitive=takes_infinitive)
        if clause is not None:
            return clause
    children = list(verb.children)
    objects = [c for c in children if c.dep_ in {"dobj", "oprd"} and c.i > verb.i]
    if "infinitive" in frames:
        infinitive = next(
            (c for c in children if c.dep_ == "xcomp" and c.i > verb.i and _is_infinitive(c)),
            None,
        )
        if infinitive is not None:
            # "urged Americans to avoid ...": the one urged is part of what was said.
            start = objects[0].left_edge.i if objects and objects[0].i < infinitive.i else None
            return _span_of(
                doc,
                start if start is not None else infinitive.left_edge.i,
                infinitive.right_edge.i + 1,
            )
    if objects and frames & {"object", "naming"}:
        found = _object_content(doc, verb, objects, frames)
        if found is not None:
            return found
    for child in children:
        if child.dep_ == "advcl" and child.i > verb.i and _has_mark(child, set(frames)):
            # "called for the United States to step up ...": the parser's "for" is a mark.
            return _span_of(doc, child.left_edge.i, child.right_edge.i + 1)
        if child.dep_ != "prep" or child.i < verb.i or child.lower_ not in frames:
            continue
        prepositional = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
        if not prepositional:
            continue
        end = prepositional[0].right_edge.i
        # "called on Moscow to stop the war": the one called on is part of what was said.
        for later in children:
            if later.dep_ == "xcomp" and later.i > child.i and _is_infinitive(later):
                end = max(end, later.right_edge.i)
        return _phrase_of(doc, prepositional[0].left_edge.i, end + 1)
    return None


def _clause_of(doc: Doc, verb: Token, *, takes_infinitive: bool) -> Span | None:
    children = list(verb.children)
    lemma = verb.lemma_.lower()
    # "..., the State Department said." puts the clause before the verb.
    clauses = [c for c in children if c.dep_ == "ccomp"]
    if not clauses and takes_infinitive:
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
    if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and _has_mark(verb, {"as"})):
        # "Another issue, Yildirim had said, was ...", "As the Post reported, ...".
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
        return _unparsed_clause(doc, verb)
    return None


def _object_content(
    doc: Doc, verb: Token, objects: list[Token], frames: frozenset[str]
) -> Span | None:
    """ "condemned attacks on civilians", "called the charges fabricated", "accused Clinton of
    lying": the object with its predicate and the prepositions the cue takes."""
    first = objects[0]
    # "repeated his claims that ...": the clause hanging off a noun of saying.
    for child in first.children:
        if child.dep_ in {"acl", "ccomp", "relcl"} and _has_that(child):
            return _span_of(doc, child.left_edge.i, child.right_edge.i + 1)
    if first.lower_ in _DEMONSTRATIVES or any(
        c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in first.children
    ):
        return None
    complements = [
        c
        for c in verb.children
        if c.i >= first.i
        and (
            c.dep_ in _OBJECT_EXTENSIONS
            or (c.dep_ == "prep" and (c.lower_ in frames or c.lower_ not in _SETTING_PREPOSITIONS))
        )
    ]
    if "object" not in frames and not any(c.dep_ in {"oprd", "xcomp"} for c in complements):
        # A naming cue without a name: "called a meeting".
        return None
    end = max(c.right_edge.i for c in complements)
    return _phrase_of(doc, first.left_edge.i, end + 1)


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


def _span_of(doc: Doc, start: int, end: int) -> Span | None:
    span = trimmed_span(doc, start, end)
    if span is None or len(span.text.split()) < _MIN_CONTENT_WORDS:
        return None
    return span


def _phrase_of(doc: Doc, start: int, end: int) -> Span | None:
    """An object's words; one word will do when it names something ("endorsed Cruz")."""
    span = trimmed_span(doc, start, end)
    if span is None:
        return None
    if len(span.text.split()) < _MIN_CONTENT_WORDS:
        words = [t for t in doc[start:end] if not (t.is_punct or t.is_space)]
        if len(words) != 1 or words[0].pos_ not in {"PROPN", "NOUN"}:
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
    return _reported(resolver, content, speaker, cue, _ACCORDING_TO, None)


def _from_in_document(
    doc: Doc, preposition: Token, resolver: SpeakerResolver, lexicon: Lexicon
) -> Statement | None:
    """ "In a CNN poll released Monday, 50 percent chose Clinton": a document or data opening
    a clause that no cue word governs reports the clause."""
    document = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    clause = preposition.head
    if document is None or clause.pos_ not in {"VERB", "AUX"} or preposition.i > clause.i:
        return None
    if lexicon.source_nouns.get(document.lemma_.lower()) is not SourceKind.DOCUMENT:
        return None
    if cue_of(clause, lexicon) is not None and not _respondents_speak(clause, resolver):
        # "In a statement, the ministry said ...": the verb is the cue; but in "In a CNN poll,
        # 38 percent of voters said ..." the poll reports what its respondents said.
        return None
    start, end = preposition.right_edge.i + 1, clause.right_edge.i + 1
    cue = char_span(doc, preposition.i, preposition.i + 1)
    return _said_by(resolver, document, _span_of(doc, start, end), cue, _IN_DOCUMENT)


def _respondents_speak(verb: Token, resolver: SpeakerResolver) -> bool:
    subject = subject_of(verb)
    return (
        subject is not None
        and can_head_source(subject, resolver.index)
        and source_kind(subject) is SourceKind.GROUP
    )


_ACCORDING_TO = Cue("according to", "phrase", AttributionKind.SPEECH, frozenset())
_IN_DOCUMENT = Cue("in", "phrase", AttributionKind.EVIDENCE, frozenset())
# A document or data "says" nothing and thinks nothing: what it holds is evidence.
_DOCUMENT_KINDS = {AttributionKind.SPEECH, AttributionKind.WRITING, AttributionKind.THOUGHT}


def attribution_kind(cue: Cue, speaker_key: str, resolver: SpeakerResolver) -> AttributionKind:
    if cue.kind in _DOCUMENT_KINDS and resolver.unnamed.kind_of(speaker_key) is SourceKind.DOCUMENT:
        return AttributionKind.EVIDENCE
    return cue.kind


def _said_by(
    resolver: SpeakerResolver, source: Token, content: Span | None, cue_span: Span, cue: Cue
) -> Statement | None:
    """What `source` says, unless there is no content, the content is mostly a quotation (a
    quote is its own statement) or `source` resolves to no speaker."""
    if content is None or _mostly_quoted(content, resolver):
        return None
    speaker = resolver.resolve(source)
    if speaker is None:
        return None
    return _reported(resolver, content, speaker, cue_span, cue, None)


def _reported(
    resolver: SpeakerResolver,
    content: Span,
    speaker: Speaker,
    cue_span: Span,
    cue: Cue,
    when: str | None,
) -> Statement:
    return Statement(
        is_direct=False,
        content=content,
        speaker_key=speaker.key,
        source=speaker.source,
        cue=cue_span,
        cue_lemma=cue.lemma,
        time_expression=when,
        about=about_keys(resolver.index, content, speaker.key),
        kind=attribution_kind(cue, speaker.key, resolver),
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
