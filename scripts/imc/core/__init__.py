"""Foundations with no knowledge of the domain: problems and messages, text, safe YAML,
reading source files, URLs as a browser reads them, site paths, process and folder care."""
