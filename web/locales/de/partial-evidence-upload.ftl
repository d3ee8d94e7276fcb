# Partials: the form that uploads a piece of evidence

partial-evidence-upload-label = Nachweis hochladen
partial-evidence-upload-label-for = Nachweis zu { $label } hochladen
partial-evidence-upload-title = Titel (optional)
partial-evidence-upload-file = Datei (PDF, Bild, Office-Dokument, Text, CSV oder ZIP)
partial-evidence-upload-progress = Fortschritt des Hochladens
partial-evidence-upload-submit = Hochladen
partial-evidence-upload-submit-hidden = (Nachweis)
partial-evidence-upload-submit-hidden-for = (Nachweis zu { $label })
