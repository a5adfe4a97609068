"""newsgraph: read news articles and build an RDF knowledge graph of who is who and who said what.

The stages are modules: read → nlp (annotate) → extract → rdf → export; `pipeline` chains them.
"""

__version__ = "0.1.0"
