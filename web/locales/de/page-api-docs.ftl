# Pages: the API reference

api-docs-heading = API-Referenz
api-docs-openapi = Die maschinenlesbare Beschreibung ist das OpenAPI-3.1-Dokument unter { $link_html }.
api-docs-auth = Authentifizieren Sie sich mit { $header_html }.
api-docs-errors = Fehler werden als { $type_html } (RFC 9457) mit einem stabilen Feld { $field_html } geliefert.
api-docs-operations = Operationen
api-docs-col-method = Methode
api-docs-col-path = Pfad
api-docs-col-area = Bereich
api-docs-col-summary = Funktion
api-docs-col-responses = Antworten
