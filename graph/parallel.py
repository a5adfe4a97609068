"""How many processes a build parses in: every usable core, but one for a small build.

Light on purpose (no spaCy, no rdflib): the command line's --help shows these numbers.
"""

from __future__ import annotations

import os

# A default build of fewer articles runs in one process: that is two or three `nlp.pipe`
# batches, a few seconds of parsing, too little to keep several workers busy for longer than
# handing them the batches and starting them takes (measured on the Reuters corpus).
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
