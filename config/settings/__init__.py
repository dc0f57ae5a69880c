"""Settings modules: base, local, production, test (see base.py)."""
