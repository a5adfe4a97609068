"""newsgraph: read news articles and build an RDF knowledge graph of who is who and who said what.

The stages are modules: read → nlp (annotate) → extract → rdf → export; `pipeline` chains them.
The Python API (`build_article`, `build`, `open_store`) is in `api`; heavy libraries load on use.
"""

import sys
import types

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


class _Package(types.ModuleType):
    """Importing the submodule `graph.build` would set the package's `build` attribute to that
    module, hiding the API function `graph.build`; the function stays, and the module is
    still imported as usual (`from graph.build import build_corpus`)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "build" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
