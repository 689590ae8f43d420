"""The mkdocs adapter: maps the engine onto mkdocs events. Nothing below it knows mkdocs."""
