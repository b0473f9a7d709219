# Derive direct triples from the qualified cg:Dependency nodes, in the named graph that
# holds the node: the typed relation itself (A cg:buildsOn B), and the generic cg:dependsOn
# edge in the direction of the dependency, so that "what depends on X" is one property path
# (?x cg:dependsOn+ X) whatever kind of relation was stated.
PREFIX cg:   <https://w3id.org/coalitiegraaf/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH ?g { ?a ?relation ?b } }
WHERE  { GRAPH ?g { ?dependency a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b } } ;

INSERT { GRAPH ?g { ?a cg:dependsOn ?b } }
WHERE  {
  GRAPH ?g { ?dependency a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b }
  GRAPH ?ontology { ?relation rdfs:subPropertyOf+ cg:dependsOn }
} ;

INSERT { GRAPH ?g { ?b cg:dependsOn ?a } }
WHERE  {
  GRAPH ?g { ?dependency a cg:Dependency ; cg:from ?a ; cg:relation ?relation ; cg:to ?b }
  GRAPH ?ontology { ?relation rdfs:subPropertyOf+ cg:enables }
}
