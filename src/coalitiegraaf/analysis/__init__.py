"""Findings for coordinators: duplicated efforts, overlaps, gaps, impact, an organisation's
parts, brokers, communities and centrality (:mod:`.findings`), over facts gathered from the
store (:mod:`.facts`) and networks that stay fast as they grow (:mod:`.networks`), with readable
names (:mod:`.labels`) and counts (:mod:`.statistics`)."""

from coalitiegraaf.analysis.findings import (
    ANALYSES,
    Evidence,
    Facts,
    Finding,
    actor_network,
    analyse,
    brokers,
    centrality,
    collect,
    communities,
    complementary,
    cycles,
    dependency_network,
    duplicates,
    findings_as_rows,
    gaps,
    impact,
    most_depended_on,
    network_file,
    organisation,
    overlaps,
    to_rdf,
)
from coalitiegraaf.analysis.overlaps import overlap_matrix

__all__ = ["ANALYSES", "Evidence", "Facts", "Finding", "actor_network", "analyse", "brokers", "centrality",
           "collect", "communities", "complementary", "cycles", "dependency_network", "duplicates",
           "findings_as_rows", "gaps", "impact", "most_depended_on", "network_file", "organisation",
           "overlap_matrix", "overlaps", "to_rdf"]
