"""The graph: the model, the pipeline that turns records into a graph (`build`), the statements
and the loader that writes them, text mentions, and pair finding; with three rooms below it:
`graph.store` (the engines), `graph.link` (which aliases are one entity), `graph.export`.

Data flows one way: `ingest` -> `graph.link` -> `graph.build` -> `graph.loader` -> `graph.store`.
Nothing here imports `commands`, `cli`, `app_pages` or the app.
"""
