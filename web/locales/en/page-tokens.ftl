# Pages: the API tokens of the signed-in member

tokens-heading = API tokens
tokens-created = Token “{ $label }” created. Copy it now: it is shown only once.
tokens-new-token = New token
tokens-intro = Tokens act as you, in this certification body, on the
tokens-intro-api = API
tokens-intro-send = send
tokens-header = Authorization: Bearer
tokens-header-token = token
tokens-create-label = Create a token
tokens-label = Label
tokens-label-example = e.g. registry export script
tokens-create-submit = Create token
tokens-table = Tokens
tokens-col-label = Label
tokens-col-prefix = Starts with
tokens-col-created = Created
tokens-col-last-used = Last used
tokens-col-status = Status
tokens-never-used = never
tokens-revoked = revoked { $when }
tokens-revoke = Revoke
tokens-none = No tokens yet.
