"""The content model declared once (types, fields, vocabularies), the loaded project, the
catalogue pages it implies and the clause anchors of a положение."""
