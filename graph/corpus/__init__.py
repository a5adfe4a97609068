"""The corpus layer: what the corpus knows, derived from what each article says.

Article graphs hold evidence (records); knowledge graphs are derived from all of them.
"""
