# Pages: editing one site of a client

site-back = Zurück zu { $client }
site-heading = Standort { $name }
site-form = Standort bearbeiten
site-save = Standort speichern
