"""The graph: model, stores (embedded FalkorDB and Neo4j), loader and linking."""
