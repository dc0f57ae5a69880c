"""Shortened text: the one way a long text is cut for a heading, a name or a table cell."""

ELLIPSIS = "\u2026"


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: whole if it fits, else cut at the last word boundary that
    leaves room for an ellipsis ("...in practice around children…", never "...around childre"). Runs of
    white space count as one space. A single word longer than the limit is cut inside it, still with the
    ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    room = text[:limit - 1]
    if text[limit - 1] != " ":  # the cut falls inside a word: drop that word
        room = room.rsplit(" ", 1)[0] if " " in room else room
    return room.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS
