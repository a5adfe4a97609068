"""Who a cue's subject is: a named entity, a role description, a pronoun, "who", or a source
the text does not name ("officials", "the poll").

Pronouns resolve to the nearest compatible earlier mention, preferring subjects, with gender
read from the text itself ("his", "her", "Mrs.") rather than from lists of first names.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extract.entities import EntityIndex
from graph.extract.lexicon import load_lexicon
from graph.extract.roles import RoleFacts
from graph.extract.sources import UnnamedSources, can_head_source, is_plural, source_kind
from graph.extract.spans import char_span, doc_tokens, sentence_of
from graph.model import AGENT_KINDS, EntityKind, SourceKind, Span, is_unnamed_source_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MALE = {"he", "him", "his", "himself", "mr.", "mr"}
_FEMALE = {"she", "her", "hers", "herself", "mrs.", "mrs", "ms.", "ms"}
_PERSON_PRONOUNS = {"he", "she"}
_THING_PRONOUNS = {"it"}
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_GROUP_PREPOSITIONS = {"for", "of", "at"}
# "a spokesperson for the Foreign Office", "Putin's spokesman": the body or person speaks.
_SPOKESPERSON_WORDS = {
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "spokespeople",
    "spokespersons",
    "representative",
    "representatives",
    "statement",
    "office",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
}
# "the Saudi government said": the country as a whole.
_COUNTRY_VOICES = {"government", "leadership"}
_PLURAL_PRONOUNS = {"they"}
# "his criticism of ...": the possessor is who "he" is.
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_ORGANIZATION_KINDS = {EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY, EntityKind.COUNTRY}
_THING_SOURCES = {SourceKind.DOCUMENT, SourceKind.ORGANIZATION, SourceKind.MEDIA}
_WINDOW_SENTENCES = 4
_MAX_SOURCE_CHARS = 200
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str
    source: Span


@dataclass(slots=True)
class SpeakerResolver:
    """Resolves subject tokens to agents; built once per document."""

    doc: Doc
    index: EntityIndex
    roles: RoleFacts
    quoted_chars: list[tuple[int, int]]
    genders: dict[str, str] = field(default_factory=dict)
    unnamed: UnnamedSources = field(init=False, repr=False)
    _surnames: dict[str, list[str]] = field(init=False, default_factory=dict, repr=False)
    _quoted_starts: list[int] = field(init=False, default_factory=list, repr=False)
    _quoted_ends: list[int] = field(init=False, default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.genders = _infer_genders(self.doc, self.index)
        self.unnamed = UnnamedSources(self.doc, self.index)
        self._surnames = _surnames(self.index)
        for start, end in sorted(self.quoted_chars):
            if self._quoted_ends and start <= self._quoted_ends[-1]:
                self._quoted_ends[-1] = max(self._quoted_ends[-1], end)
            else:
                self._quoted_starts.append(start)
                self._quoted_ends.append(end)

    def in_quote(self, char: int) -> bool:
        """Whether the character at offset `char` is inside a quotation; a binary search, as
        a long article asks this for every word of every sentence with a quote."""
        position = bisect_right(self._quoted_starts, char) - 1
        return position >= 0 and char < self._quoted_ends[position]

    def resolve(self, token: Token) -> Speaker | None:
        """The agent a subject token names, or None when the text does not say."""
        lower = _POSSESSIVE_PRONOUNS.get(token.lower_, token.lower_)
        if lower in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.resolve(token.head.head)
        if lower in _PERSON_PRONOUNS:
            gender = "male" if lower == "he" else "female"
            person = self._antecedent(token, {EntityKind.PERSON}, gender)
            return self._speaker_for(person, token)
        if lower in _THING_PRONOUNS:
            return self._thing_antecedent(token)
        if lower in _PLURAL_PRONOUNS:
            return self._plural_antecedent(token)
        key = self._agent_at(token.i)
        if key:
            return Speaker(key, self._mention_span(token.i, key))
        if token.i in self.roles.described_people:
            return Speaker(self.roles.described_people[token.i], self._subtree_span(token))
        if lower in _COUNTRY_VOICES:
            for child in token.children:
                key = self._agent_at(child.i) if child.dep_ in {"amod", "compound"} else None
                if key and self.index.kind_of(key) is EntityKind.COUNTRY:
                    return Speaker(key, self._subtree_span(token))
        if lower in _SPOKESPERSON_WORDS or token.lemma_ in _SPOKESPERSON_WORDS:
            found = self._represented(token)
            if found:
                return found
        author = self._author_of(token)
        if author is not None:
            return author
        return self._unnamed(token)

    def _author_of(self, document: Token) -> Speaker | None:
        """ "Rand Paul released a Web video that accuses ...", "the campaign issued a statement
        saying ...": a document someone puts out speaks for them."""
        verb = document.head
        if document.dep_ != "dobj" or source_kind(document) is not SourceKind.DOCUMENT:
            return None
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in load_lexicon().light_verbs:
            return None
        subject = subject_of(verb)
        if subject is None or subject.i == document.i:
            return None
        return self.resolve(subject)

    def _represented(self, token: Token) -> Speaker | None:
        """ "a spokesperson for the British Foreign Office", "Putin's spokesman": who they
        speak for."""
        for child in token.children:
            if child.dep_ == "poss":
                found = self.resolve(child)
                if found and not is_unnamed_source_key(found.key):
                    return Speaker(found.key, self._subtree_span(token))
            if child.dep_ == "prep" and child.lower_ in _GROUP_PREPOSITIONS:
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and self._agent_at(grandchild.i):
                        found = self.resolve(grandchild)
                        if found:
                            return Speaker(found.key, self._subtree_span(token))
        return None

    def _unnamed(self, token: Token) -> Speaker | None:
        """A source the text does not name; but "a lawyer for the outlets, David Schulz," is
        the person named in apposition, and words inside a quote are nobody's source."""
        for child in token.children:
            if child.dep_ == "appos":
                key = self._agent_at(child.i)
                if key and self.index.kind_of(key) is EntityKind.PERSON:
                    return Speaker(key, self._mention_span(child.i, key))
        if self.in_quote(token.idx):
            return None
        found = self.unnamed.source_at(token)
        if found is None:
            return None
        whole = self._subtree_span(token)
        # The source as the text gives it ("a study that appeared in the journal"), if short.
        return Speaker(found[0], whole if len(whole.text) <= _MAX_SOURCE_CHARS else found[1])

    def _thing_antecedent(self, pronoun: Token) -> Speaker | None:
        """ "it": the nearest organization or country, or a document or organization the text
        does not name ("the poll ... It found")."""
        found = self._antecedent(pronoun, _ORGANIZATION_KINDS, None, self._is_thing_source)
        return self._speaker_for(found, pronoun)

    def _plural_antecedent(self, pronoun: Token) -> Speaker | None:
        """ "they": the nearest plural source ("officials", "Democrats") or organization."""
        found = self._antecedent(pronoun, _ORGANIZATION_KINDS, None, self._is_plural_source)
        return self._speaker_for(found, pronoun)

    def _speaker_for(self, found: str | int | None, pronoun: Token) -> Speaker | None:
        span = char_span(self.doc, pronoun.i, pronoun.i + 1)
        if isinstance(found, int):
            source = self.unnamed.source_at(self.doc[found])
            return Speaker(source[0], span) if source else None
        return Speaker(found, span) if found is not None else None

    def _is_thing_source(self, token: Token) -> bool:
        return (
            not is_plural(token)
            and can_head_source(token, self.index)
            and source_kind(token) in _THING_SOURCES
        )

    def _is_plural_source(self, token: Token) -> bool:
        return (
            is_plural(token)
            and token.lower_ not in {"those", "all"}
            and can_head_source(token, self.index)
        )

    def _agent_at(self, token_index: int) -> str | None:
        key = self.key_at(token_index)
        if key and self.index.kind_of(key) in AGENT_KINDS:
            return key
        return None

    def key_at(self, token_index: int) -> str | None:
        """The entity at a token; a capitalised word the entity index left unlinked that is
        the surname of a person of the article ("Sanders says" after "Bernie Sanders") is that
        person, or of the one of them mentioned last before it."""
        key = self.index.key_at(token_index)
        if key is not None:
            return key
        token = self.doc[token_index]
        if token.pos_ not in {"PROPN", "NOUN"} or not token.text[:1].isupper():
            return None
        # "WALLACE: ..." in a transcript is the Wallace of the article.
        surname = token.text.title() if token.text.isupper() else token.text
        people = self._surnames.get(surname)
        if not people:
            return None
        if len(people) == 1:
            return people[0]
        char = token.idx
        before = [
            (max(m.start for m in self.index.by_key[key].mentions if m.start < char), key)
            for key in people
            if any(m.start < char for m in self.index.by_key[key].mentions)
        ]
        return max(before)[1] if before else None

    def _mention_span(self, token_index: int, key: str) -> Span:
        char = self.doc[token_index].idx
        mentions = [m for m in self.index.by_key[key].mentions if m.start <= char < m.end]
        if not mentions:
            return char_span(self.doc, token_index, token_index + 1)
        mention = max(mentions, key=lambda m: m.end - m.start)
        return Span(mention.start, mention.end, mention.text)

    def _subtree_span(self, token: Token) -> Span:
        return char_span(self.doc, token.left_edge.i, token.right_edge.i + 1)

    def _antecedent(
        self,
        pronoun: Token,
        kinds: set[EntityKind],
        gender: str | None,
        unnamed: Callable[[Token], bool] | None = None,
    ) -> str | int | None:
        """Nearest earlier compatible mention's entity key; in each sentence, subjects come
        first. With `unnamed`, a subject noun it accepts is a candidate too (its token index)."""
        sentence = sentence_of(pronoun)
        sentences = [sentence]
        while len(sentences) < _WINDOW_SENTENCES and sentences[-1].start > 0:
            sentences.append(sentence_of(self.doc[sentences[-1].start - 1]))
        for sent in sentences:
            candidates: list[tuple[int, int, str | int]] = []
            for token in sent:
                if token.i >= pronoun.i or self.in_quote(token.idx):
                    continue
                key = self.key_at(token.i)
                if key is None:
                    if unnamed is not None and _heads_subject_phrase(token) and unnamed(token):
                        candidates.append((0, -token.i, int(token.i)))
                    continue
                if self.index.kind_of(key) not in kinds:
                    continue
                if gender and self.genders.get(key) not in {None, gender}:
                    continue
                is_subject = token.dep_ in _SUBJECT_DEPS or (
                    token.head.dep_ in _SUBJECT_DEPS and self.key_at(token.head.i) == key
                )
                candidates.append((0 if is_subject else 1, -token.i, key))
            if candidates:
                # Subjects first, then the nearest.
                return min(candidates, key=lambda c: (c[0], c[1]))[2]
        return None


def _heads_subject_phrase(token: Token) -> bool:
    return token.dep_ in _SUBJECT_DEPS and token.pos_ in {"NOUN", "PROPN", "PRON", "DET", "ADJ"}


def _surnames(index: EntityIndex) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for entity in index.entities:
        if entity.kind is EntityKind.PERSON and " " in entity.name:
            owners[entity.name.split()[-1]].append(entity.key)
    return dict(owners)


def _infer_genders(doc: Doc, index: EntityIndex) -> dict[str, str]:
    """Gender stated by the text: honorifics, and he/she pronouns in sentences about one person."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    tokens = doc_tokens(doc)
    for sentence in doc.sents:
        people: list[str] = []
        for i in range(sentence.start, sentence.end):
            key = index.key_at(i)
            if key and index.kind_of(key) is EntityKind.PERSON:
                if key not in people:
                    people.append(key)
                if i > 0:
                    previous = tokens[i - 1].lower_
                    if previous in _MALE:
                        votes[key]["male"] += 3
                    elif previous in _FEMALE and previous != "her":
                        votes[key]["female"] += 3
                continue
            token = tokens[i]
            if len(people) == 1 and token.pos_ == "PRON":
                if token.lower_ in _MALE:
                    votes[people[0]]["male"] += 1
                elif token.lower_ in _FEMALE:
                    votes[people[0]]["female"] += 1
    genders = {}
    for key, counter in votes.items():
        ranked = counter.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            genders[key] = ranked[0][0]
    return genders


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb; for "and said", "saying" and similar, the governing verb's.

    A participle ("..., saying he trusted ...") belongs to the outermost reporting clause even
    when the parser hangs it on a verb inside that clause's complement.
    """
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # "voters saying they want a ban": the participle's noun says it.
        return verb.head
    if verb.tag_ == "VBG" and verb.dep_ == "advcl":
        head = verb.head
        while head.dep_ == "ccomp" and head.head.i != head.i:
            head = head.head
        verb = head
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in {"nsubj", "csubj"}:
                return child
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if before is not None and before.pos_ == "PROPN" and verb.pos_ == "VERB":
            attached_here = before.head.i == verb.i and before.dep_ in {
                "advmod",
                "npadvmod",
                "dep",
                "compound",
                "nmod",
            }
            # "... Tillerson but Trump said ...": the parser made the name a conjunct.
            misattached = verb.dep_ in {"ccomp", "conj"} and before.dep_ == "conj"
            if attached_here or misattached:
                # "Baerbock vowed ...": a name right before a subjectless verb is its subject.
                return before
        if verb.pos_ == "NOUN":
            # "with Foreign Minister Ayman Safadi warning of ...": the name is a compound.
            names = [child for child in verb.children if child.dep_ == "compound"]
            return names[-1] if names else None
        if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children)
