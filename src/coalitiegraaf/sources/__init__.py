"""Reading what goes in, safely: RDF files, the shipped data files, source letters and their
passages, atomic writes, and the synthetic federation for scale tests."""
