"""`imc build` and `imc serve`: check, then mkdocs, with the search index built beside."""
