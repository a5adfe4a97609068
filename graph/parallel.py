"""How many processes a build parses in: every usable core, but one for a small build.

Light on purpose (no spaCy, no rdflib): the command line's --help shows these numbers.
"""

from __future__ import annotations

import os

# A worker process takes a second or two to start and load the model, about what it takes to
# parse 20 articles: a default build of fewer articles than this runs in one process.
PARALLEL_FROM = 50


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. under taskset or a
    container's cpuset), else the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def default_jobs(articles: int) -> int:
    """Processes for a build of this many articles when the user says nothing: every usable
    core, but one process (no worker to start) for a build of fewer than PARALLEL_FROM."""
    return usable_cores() if articles >= PARALLEL_FROM else 1
