# Pages: the API reference

api-docs-heading = API reference
api-docs-openapi = The machine-readable description is the OpenAPI 3.1 document at { $link_html }.
api-docs-auth = Authenticate with { $header_html }.
api-docs-errors = Errors are { $type_html } (RFC 9457) with a stable { $field_html }.
api-docs-operations = Operations
api-docs-col-method = Method
api-docs-col-path = Path
api-docs-col-area = Area
api-docs-col-summary = What it does
api-docs-col-responses = Responses
