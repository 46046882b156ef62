"""Exports of the graph: Linked Art JSON-LD and Turtle (with the local context file), and the
CSV files of Neo4j's bulk importer.

Reads the graph through `graph.store` (paging); may import `graph.model` and `graph.store`, not linking.
"""
