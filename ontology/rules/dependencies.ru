# Derive direct triples from the qualified cg:Dependency nodes, in the named graph that
# holds the node: the typed relation itself (A cg:buildsOn B), and the generic cg:dependsOn
# edge in the direction of the dependency, so that "what depends on X" is one property path
# (?x cg:dependsOn+ X) whatever kind of relation was stated.
#
# Only relations the source states or implies (cg:support stated or implied) become direct
# triples and dependencies. An intended relation (a talk, an exploration, a planned
# cooperation or product: support intended) stays a cg:Dependency node only, and a node
# without a support says nothing yet: neither is ever a cg:dependsOn edge.
#
# One pass over the dependency nodes: a relation below cg:dependsOn points from A to B, one
# below cg:enables from B to A, and any other relation gives the direct triple alone (the
# second template triple is left out where ?dependent is unbound). The supports are a FILTER,
# not VALUES: Oxigraph then starts from the dependency nodes, not from every node with a
# support, which halves the time on a large store. Which generic relation a relation falls
# under is a sub-query, asked once for all relations: in the OPTIONAL itself, Oxigraph followed
# the subproperty path again for every dependency (the WHERE clause at a million statements
# 164 ms, now 129 ms).
PREFIX cg:      <https://w3id.org/coalitiegraaf/def#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX support: <https://w3id.org/coalitiegraaf/id/support/>

INSERT { GRAPH ?g { ?a ?relation ?b . ?dependent cg:dependsOn ?dependency } }
WHERE  {
  GRAPH ?g { ?node a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b ;
                   cg:support ?support }
  FILTER (?support IN (support:stated, support:implied))
  OPTIONAL {
    SELECT ?relation ?generic WHERE {
      GRAPH ?ontology { ?relation rdfs:subPropertyOf+ ?generic }
      FILTER (?generic IN (cg:dependsOn, cg:enables))
    }
  }
  BIND (IF(?generic = cg:dependsOn, ?a, ?b) AS ?dependent)
  BIND (IF(?generic = cg:dependsOn, ?b, ?a) AS ?dependency)
}
