"""One module per CLI command: `add_parser` declares its options, `run` does the work.

Modules here import only the standard library at top level, so `newsgraph --help` is fast.
"""
