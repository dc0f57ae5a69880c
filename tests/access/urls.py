"""Every URL pattern of the project, flattened, for the sweeps."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The Django admin guards itself (staff only, its own sign-in page); it is swept as one whole.
SELF_GUARDED_NAMESPACES = {"admin"}


@dataclass
class Route:
    name: str | None
    pattern: str
    callback: object


def project_routes(urlconf=None) -> list[Route]:
    routes = []

    def walk(patterns, prefix="", namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SELF_GUARDED_NAMESPACES:
                    continue
                ns = ":".join(filter(None, [namespace, entry.namespace]))
                walk(entry.url_patterns, prefix + str(entry.pattern), ns or None)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                routes.append(Route(name, prefix + str(entry.pattern), entry.callback))

    walk(get_resolver(urlconf).url_patterns)
    return routes


def classification_problems(cases: dict, urlconf=None) -> list[str]:
    """URLs nobody classified, or whose view declares another kind than the registry says."""
    problems = []
    for route in project_routes(urlconf):
        if route.name is None:
            problems.append(f"{route.pattern}: has no name, so it cannot be classified")
            continue
        case = cases.get(route.name)
        declared = getattr(route.callback, "access", None)
        if case is None:
            problems.append(f"{route.name} ({route.pattern}): not in tests/access/registry.py CASES")
        elif declared is None:
            problems.append(f"{route.name}: its view declares no access kind (use bscb.access)")
        elif declared != case.kind:
            problems.append(f"{route.name}: view says {declared}, registry says {case.kind}")
    return problems
