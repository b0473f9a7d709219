"""Findings for coordinators: overlaps, brokers, communities, duplicated efforts, gaps,
centrality and impact (:mod:`.findings`), over networks that stay fast as they grow
(:mod:`.networks`), with readable names (:mod:`.labels`) and counts (:mod:`.statistics`)."""

from coalitiegraaf.analysis.findings import (
    ANALYSES,
    Facts,
    Finding,
    actor_network,
    analyse,
    brokers,
    centrality,
    collect,
    communities,
    cycles,
    dependency_network,
    duplicates,
    findings_as_rows,
    gaps,
    impact,
    most_depended_on,
    network_file,
    overlaps,
    to_rdf,
)

__all__ = ["ANALYSES", "Facts", "Finding", "actor_network", "analyse", "brokers", "centrality",
           "collect", "communities", "cycles", "dependency_network", "duplicates",
           "findings_as_rows", "gaps", "impact", "most_depended_on", "network_file", "overlaps",
           "to_rdf"]
