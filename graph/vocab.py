"""RDF vocabulary of the news knowledge graph: the closed ``ng:`` namespace ``NG``.

Also the namespaces rdflib lacks (NIF, WD, ID, NGSH) and the ``PREFIXES`` map.
"""

# Term names must match the ontology IRIs exactly, hence mixedCase class attributes.
# ruff: noqa: N815, RUF100

import sys
from pathlib import Path

from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = ["ID", "NG", "NGSH", "NIF", "PREFIXES", "WD"]


class NG(DefinedNamespace):
    """NewsGraph ontology terms (ontology/newsgraph.ttl), version 0.1.0.

    Closed: referencing a term that is not listed here raises AttributeError.
    """

    _NS = Namespace("https://w3id.org/newsgraph/ns#")
    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Article: URIRef  # News article; nif:isString = text all offsets point into
    Person: URIRef  # A person mentioned in an article
    Organization: URIRef  # Company, party, agency, international org., ...
    GovernmentBody: URIRef  # Ministry, office, ...; subclass of Organization
    Country: URIRef  # A sovereign state (also a prov:Agent)
    Place: URIRef  # City, region, facility (not a country)
    Mention: URIRef  # One occurrence of an entity in the text
    TextSpan: URIRef  # Any other span: source/cue/content, evidence
    Statement: URIRef  # Who said what (PARC source, cue, content)
    DirectQuote: URIRef  # Verbatim quote; isDirect true
    ReportedStatement: URIRef  # Reported speech; isDirect false
    RelationAssertion: URIRef  # Reified memberOf/borders triple + evidence
    EntityRecord: URIRef  # What one article says an entity is (evidence layer)
    PostRecord: URIRef  # One article says a person holds a post, with evidence
    UnnamedSource: URIRef  # "a senior official", "the poll": a source of one article
    AttributionKind: URIRef  # speech, writing, thought, intention, evidence
    SourceKind: URIRef  # person, group, document, organization, media

    # http://www.w3.org/2002/07/owl#NamedIndividual
    Speech: URIRef  # AttributionKind: said, told, "according to"
    Writing: URIRef  # AttributionKind: wrote, tweeted
    Thought: URIRef  # AttributionKind: believes, thinks, fears
    Intention: URIRef  # AttributionKind: wants, plans, vowed
    Evidence: URIRef  # AttributionKind: a poll shows, a report found
    PersonSource: URIRef  # SourceKind: "a senior official", "analysts"
    GroupSource: URIRef  # SourceKind: "the crowd", "a majority"
    DocumentSource: URIRef  # SourceKind: "the poll", "the report"
    OrganizationSource: URIRef  # SourceKind: "the campaign"
    MediaSource: URIRef  # SourceKind: "the network"

    # http://www.w3.org/2002/07/owl#ObjectProperty
    originalPublisher: URIRef  # Article -> Organization (0..1)
    mentionedIn: URIRef  # entity -> Article (1..n)
    refersTo: URIRef  # Mention -> entity (exactly 1)
    speaker: URIRef  # Statement -> Person/Organization/Country/UnnamedSource (1)
    attributionKind: URIRef  # Statement -> AttributionKind (1)
    tiedTo: URIRef  # UnnamedSource -> Organization/Country/Person (0..1)
    sourceKind: URIRef  # UnnamedSource -> SourceKind (1)
    source: URIRef  # Statement -> TextSpan naming the speaker (0..1)
    cue: URIRef  # Statement -> TextSpan of the cue (0..1)
    content: URIRef  # Statement -> TextSpan of the content (1)
    postOf: URIRef  # org:Post -> Person, "adviser to X" (0..1)
    evidence: URIRef  # PostRecord / RelationAssertion -> TextSpan
    describes: URIRef  # EntityRecord / PostRecord -> the entity or post (1)
    typeInArticle: URIRef  # EntityRecord -> the class the article gives (1)
    heldBy: URIRef  # PostRecord -> the person holding the post (1)
    postInArticle: URIRef  # PostRecord -> what the post is in or of (0..1)
    pendingUpdate: URIRef  # build bookkeeping: a node whose knowledge is being recomputed
    linkedFrom: URIRef  # EntityRecord -> the surname-only Person node it was linked from
    memberOf: URIRef  # Country/Organization -> Organization
    borders: URIRef  # Country -> Country (symmetric)

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    contentSha256: URIRef  # hex SHA-256 of nif:isString (1)
    sourceFile: URIRef  # input file name (0..1)
    byline: URIRef  # an author's name as the page's byline gives it (0..n)
    mentionsDate: URIRef  # date expression in the text (0..n)
    text: URIRef  # the exact quoted words (1)
    isDirect: URIRef  # xsd:boolean, true = direct quote (1)
    cueLemma: URIRef  # lemma of the cue: "say", "believe", "according to" (0..1)
    isPlural: URIRef  # xsd:boolean, an unnamed source is many (1)
    timeExpression: URIRef  # e.g. "on March 4" (0..1)
    roleName: URIRef  # lower-case role name of an org:Post (1)
    nameInArticle: URIRef  # EntityRecord -> the name the article uses (1)
    aliasInArticle: URIRef  # EntityRecord -> other names it uses (0..n)
    roleInArticle: URIRef  # PostRecord -> the role name (1)
    linkBasis: URIRef  # EntityRecord: why its surname-only person was linked


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
"""NLP Interchange Format core: nif:isString, nif:beginIndex, nif:anchorOf, ..."""

WD = Namespace("http://www.wikidata.org/entity/")
"""Wikidata items, the targets of owl:sameAs (e.g. ``WD.Q142``)."""

ID = Namespace("https://w3id.org/newsgraph/id/")
"""Base of the IRIs minted for articles, entities, spans, statements, posts, ..."""

NGSH = Namespace("https://w3id.org/newsgraph/shapes#")
"""SHACL shapes (ontology/shapes.ttl)."""

PREFIXES: dict[str, str] = {
    "ng": str(NG),
    "ngid": str(ID),
    "schema": str(SDO),
    "org": str(ORG),
    "prov": str(PROV),
    "nif": str(NIF),
    "skos": str(SKOS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
    "dcterms": str(DCTERMS),
}
"""Prefix -> namespace IRI, as in ontology/newsgraph.ttl and ontology/context.jsonld."""


def ontology_dir() -> Path:
    """Where ontology/ (newsgraph.ttl, shapes.ttl, context.jsonld) is: beside the package in a
    checkout or editable install, else where a wheel installs it (share/newsgraph/ontology)."""
    beside = Path(__file__).resolve().parent.parent / "ontology"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "newsgraph" / "ontology"
