"""What integrators receive: exports in every format, the built distribution with its VoID/DCAT
description and ontology documentation, push to and pull from triple stores, and the endpoint."""
