"""People across articles: a surname-only person is linked to the one full-named person with
that surname (a shared role decides between several), never two full names; the link follows
the corpus, whatever order articles come in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph

from graph.corpus.people import KnownPerson, link_person, surname
from tests.conftest import feeds

ID = "https://w3id.org/newsgraph/id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
NG = "https://w3id.org/newsgraph/ns#"


def person(slug: str, *names: str, roles: tuple[str, ...] = ()) -> KnownPerson:
    return KnownPerson(f"{ID}person/{slug}", frozenset(names), frozenset(roles))


def test_surname_of_a_full_name() -> None:
    assert surname("Donald Trump Jr.") == "Trump"
    assert surname("Steven Mnuchin") == "Mnuchin"
    assert surname("Mnuchin") is None


def test_a_surname_is_linked_to_the_only_full_name_with_it() -> None:
    mnuchin = person("mnuchin", "Mnuchin", roles=("treasury secretary",))
    steven = person("steven-mnuchin", "Steven Mnuchin", roles=("treasury secretary",))
    other = person("wilbur-ross", "Wilbur Ross")
    link = link_person(mnuchin, [other, steven])
    assert link is not None and link.person == steven.iri
    assert "Steven Mnuchin" in link.basis


def test_two_full_names_with_the_surname_leave_it_unlinked_unless_a_role_decides() -> None:
    clinton = person("clinton", "Clinton")
    bill = person("bill-clinton", "Bill Clinton", roles=("president",))
    hillary = person("hillary-clinton", "Hillary Clinton", roles=("secretary of state",))
    assert link_person(clinton, [bill, hillary]) is None
    trump = person("trump", "Trump", roles=("president",))
    donald = person("donald-trump", "Donald Trump", roles=("president",))
    junior = person("donald-trump-jr", "Donald Trump Jr.", roles=("executive vice president",))
    link = link_person(trump, [junior, donald])
    assert link is not None and link.person == donald.iri
    assert link_person(person("trump", "Trump"), [junior, donald]) is None


def test_a_contradicting_role_leaves_it_unlinked() -> None:
    general = person("kelly", "Kelly", roles=("chief of staff",))
    anchor = person("megyn-kelly", "Megyn Kelly", roles=("anchor",))
    assert link_person(general, [anchor]) is None


STEVEN = {
    "id": "steven",
    "title": "Budget talks",
    "text": "WASHINGTON (Reuters) - Treasury Secretary Steven Mnuchin said on Monday the tax "
    "plan would pay for itself.",
}
SURNAME = {
    "id": "surname",
    "title": "Tax plan",
    "text": "WASHINGTON (Reuters) - Mnuchin told reporters on Tuesday that the plan would pass "
    "by Christmas.",
}
LOUISE = {
    "id": "louise",
    "title": "Art sale",
    "text": "NEW YORK (Reuters) - The gallery owner Louise Mnuchin said on Friday the painting "
    "had been sold.",
}


def newsgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=False
    )


def build(out: Path, records_dir: Path, *records: dict[str, str]) -> None:
    result = newsgraph("build", "-q", *feeds(records_dir, *records), "-o", str(out))
    assert result.returncode == 0, result.stderr


def select(out: Path, query: str) -> set[tuple[str, ...]]:
    store = pyoxigraph.Store.read_only(str(out / "store"))
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return {tuple(term.value for term in row) for row in solutions}  # type: ignore[union-attr]


def links(out: Path) -> set[tuple[str, str]]:
    """(surname-only node, the person its articles now refer to) for every linked record."""
    return select(out, f"SELECT ?a ?b WHERE {{ ?r <{NG}linkedFrom> ?a ; <{NG}describes> ?b }}")


def referred(out: Path, words: str) -> set[str]:
    """The nodes the mentions with these words refer to."""
    query = f"""SELECT ?e WHERE {{ ?m <{NG}refersTo> ?e ;
        <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> "{words}" }}"""
    return {e for (e,) in select(out, query)}


def test_the_link_follows_the_corpus_in_any_order(tmp_path: Path) -> None:
    expected = {(f"{ID}person/mnuchin", f"{ID}person/steven-mnuchin")}
    # the surname first, the full name in a later build: the link appears
    later = tmp_path / "later"
    build(later, tmp_path / "records", SURNAME)
    assert links(later) == set()
    build(later, tmp_path / "records", STEVEN)
    assert links(later) == expected
    # one person, one node: "Mnuchin" and "Steven Mnuchin" are mentions of the same node,
    # the surname-only node is gone from the store, and the full name stays the label
    assert referred(later, "Mnuchin") == {f"{ID}person/steven-mnuchin"}
    gone = f"SELECT ?p WHERE {{ <{ID}person/mnuchin> ?p ?o }}"
    assert select(later, gone) == set()
    label = f"SELECT ?l WHERE {{ <{ID}person/steven-mnuchin> <{RDFS}label> ?l }}"
    assert select(later, label) == {("Steven Mnuchin",)}
    # the article's own file keeps what the article alone says
    assert f"<{ID}person/mnuchin>" in (later / "surname.nt").read_text(encoding="utf-8")
    # a second full-named Mnuchin makes the surname ambiguous: the link goes
    build(later, tmp_path / "records", LOUISE)
    assert links(later) == set()
    assert referred(later, "Mnuchin") == {f"{ID}person/mnuchin"}
    # the same articles in one build, in another order, give the same store
    together = tmp_path / "together"
    build(together, tmp_path / "records", LOUISE, STEVEN, SURNAME)
    assert links(together) == set()
    assert corpus(together) == corpus(later)


def test_a_link_made_in_one_build_or_over_two_gives_the_same_store(tmp_path: Path) -> None:
    records = tmp_path / "records"
    once, twice = tmp_path / "once", tmp_path / "twice"
    build(once, records, STEVEN, SURNAME)
    build(twice, records, SURNAME)
    build(twice, records, STEVEN)
    assert links(once) == {(f"{ID}person/mnuchin", f"{ID}person/steven-mnuchin")}
    assert corpus(once) == corpus(twice)


def corpus(out: Path) -> set[str]:
    """Every quad of the store but the ontology's (whose blank nodes each store names)."""
    store = pyoxigraph.Store.read_only(str(out / "store"))
    ontology = pyoxigraph.NamedNode("https://w3id.org/newsgraph/ns")
    return {str(quad) for quad in store if quad.graph_name != ontology}
