"""What one article says about the corpus's entities, posts and relations.

Each record is kept in its article's graph; the knowledge layer is derived from all records.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.corpus.people import surname_nodes
from graph.model import EntityKind


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One article's account of an entity: the kind it gives it and the names it uses."""

    entity: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    qid: str | None
    linked: bool = False  # the article names the entity by surname only; the corpus linked it


@dataclass(frozen=True, slots=True)
class PostRecord:
    """One article says `holder` holds `post` (the role `role` in `of`, or personal)."""

    holder: str
    post: str
    role: str
    role_iri: str
    of: str | None
    of_is_person: bool


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """One article asserts `subject predicate object` (membership, borders)."""

    subject: str
    predicate: str
    object: str
    symmetric: bool


@dataclass(frozen=True, slots=True)
class ArticleRecords:
    entities: tuple[EntityRecord, ...]
    posts: tuple[PostRecord, ...]
    relations: tuple[RelationRecord, ...]

    def subjects(self) -> set[str]:
        """Every node whose knowledge these records support."""
        found = {record.entity for record in self.entities}
        # A full-named person may change the link of the person named by surname only.
        found |= surname_nodes(self.entities)
        for post in self.posts:
            found |= {post.holder, post.post, post.role_iri}
        for relation in self.relations:
            found.add(relation.subject)
            if relation.symmetric:
                found.add(relation.object)
        return found
