"""The pages `make bench` measures, in order: (name, path), each opened signed in as the bench user.

The first page must be `bare`: a signed-in template extending the base with no queries of its own.
It is the yardstick; the run ends with each other page's requests/s as a ratio of bare's.

An issue that adds a page worth watching appends it here, with a path that exists once
`seed_scale --factor 10` has run (the seed modules create the records the path names).
Select some pages only with BENCH_PAGES=home,... (bare always runs).
"""

PAGES = [
    ("bare", "/bare/"),
    ("home", "/"),
]
