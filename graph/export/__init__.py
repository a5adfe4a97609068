"""Writers of the graph: files (Turtle, N-Triples, JSON-LD); later stores and views."""
