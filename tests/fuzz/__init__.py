"""Randomised posts to every form of the project (issue 12 §7): no post, however malformed, is a server error."""
