# The RDF merge of the named graphs, kept in the default graph: a graph is a set, so a triple
# that several sources state is in it once. Queries then read the default graph instead of
# Oxigraph's union, which counts such a triple once per graph (oxigraph/oxigraph#1919).
INSERT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }
