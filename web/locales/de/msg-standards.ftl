# Words the server builds for the standards catalogue pages: titles and the unknown edition.

msg-standards-title = Normen
msg-standards-not-found-title = Nicht gefunden
msg-standards-not-found = Diese Norm gibt es im Katalog nicht.
