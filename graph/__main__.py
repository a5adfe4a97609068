"""`python -m graph` runs the same command line as `newsgraph`."""

import sys

from graph.cli import main

sys.exit(main())
