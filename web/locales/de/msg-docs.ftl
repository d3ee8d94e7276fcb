# Words the server builds for the API reference page: its title.

msg-docs-title = API-Referenz
