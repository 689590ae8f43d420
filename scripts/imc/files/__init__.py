"""What is inside attached files: which types are published, archive and PDF limits, text
extraction for the search."""
