"""Helping authors: `imc new`, `imc import`, proposals from the issue form, the JSON Schema
and the web editor's configuration — all generated from the content model."""
