"""newsgraph: read news articles and build an RDF knowledge graph of who is who and who said what.

The stages are modules: read → nlp (annotate) → extract → rdf → export; `pipeline` chains them.
The Python API (`build_article`, `build`, `open_store`) is in `api`; heavy libraries load on use.
"""

from graph.api import (
    ArticleGraph,
    BuildSummary,
    Page,
    Store,
    build,
    build_article,
    open_store,
)

__version__ = "0.1.0"

__all__ = [
    "ArticleGraph",
    "BuildSummary",
    "Page",
    "Store",
    "__version__",
    "build",
    "build_article",
    "open_store",
]
