# Words the server builds for the API tokens page: its title and notices.

msg-tokens-title = API tokens
msg-tokens-revoked = Token revoked
