# Derive direct triples from the qualified cg:Dependency nodes, in the named graph that
# holds the node: the typed relation itself (A cg:buildsOn B), and the generic cg:dependsOn
# edge in the direction of the dependency, so that "what depends on X" is one property path
# (?x cg:dependsOn+ X) whatever kind of relation was stated.
#
# Only relations the source states or implies (cg:support stated or implied) become direct
# triples and dependencies. An intended relation (a talk, an exploration, a planned
# cooperation or product: support intended) stays a cg:Dependency node only, and a node
# without a support says nothing yet: neither is ever a cg:dependsOn edge.
PREFIX cg:      <https://w3id.org/coalitiegraaf/def#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX support: <https://w3id.org/coalitiegraaf/id/support/>

INSERT { GRAPH ?g { ?a ?relation ?b } }
WHERE  {
  GRAPH ?g { ?dependency a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b ;
                         cg:support ?support }
  VALUES ?support { support:stated support:implied }
} ;

INSERT { GRAPH ?g { ?a cg:dependsOn ?b } }
WHERE  {
  GRAPH ?g { ?dependency a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b ;
                         cg:support ?support }
  VALUES ?support { support:stated support:implied }
  GRAPH ?ontology { ?relation rdfs:subPropertyOf+ cg:dependsOn }
} ;

INSERT { GRAPH ?g { ?b cg:dependsOn ?a } }
WHERE  {
  GRAPH ?g { ?dependency a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b ;
                         cg:support ?support }
  VALUES ?support { support:stated support:implied }
  GRAPH ?ontology { ?relation rdfs:subPropertyOf+ cg:enables }
}
