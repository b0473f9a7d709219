"""The ``coalitiegraaf`` command line: a thin layer over the library.

Installed as the package ``coalitiegraaf.cli``. Each command parses its options, calls one
library function and prints the result; heavy libraries are imported inside the commands,
so that ``coalitiegraaf --help`` answers at once.
"""

from coalitiegraaf.cli.app import app, main

__all__ = ["app", "main"]
