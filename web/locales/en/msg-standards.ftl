# Words the server builds for the standards catalogue pages: titles and the unknown edition.

msg-standards-title = Standards
msg-standards-not-found-title = Not found
msg-standards-not-found = No such standard in the catalogue.
