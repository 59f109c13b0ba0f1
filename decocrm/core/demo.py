"""Demo-data seeders of the domain apps. `seed_demo` lives in core, and core never imports a domain app, so each app
registers its seeder here (in its AppConfig.ready) and seed_demo calls them all, in registration order (the
INSTALLED_APPS order), after the demo staff exist.

A seeder is called as `seeder(scale=N, log=callable)`: scale=0 means the small, idempotent demo set; scale=N adds
N more generated records, fast (set-based), for benchmarks. `log` takes one line of text for the command's output.
"""

DEMO_PASSWORD = "decocrm-demo"  # noqa: S105 - demo-only, documented in the README

_SEEDERS = []


def register_demo_seeder(seeder):
    """Register a seeder (usable as a decorator). Registering the same function twice keeps one."""
    if seeder not in _SEEDERS:
        _SEEDERS.append(seeder)
    return seeder


def demo_seeders():
    return list(_SEEDERS)
