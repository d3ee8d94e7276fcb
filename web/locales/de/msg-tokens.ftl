# Words the server builds for the API tokens page: its title and notices.

msg-tokens-title = API-Token
msg-tokens-revoked = Token widerrufen
