"""`imc check`: loading the project and finding every problem in it (fields, Markdown, links,
files, names without consent), with the memo that skips unchanged files."""
