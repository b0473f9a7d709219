"""``python -m coalitiegraaf`` runs the command line."""

from coalitiegraaf.cli import main

main()
