"""HTML the site adds (cards, catalogue listings, generated pages), open data, and the
page's security (sanitiser, CSP). Templates a site may override live in templates/."""
