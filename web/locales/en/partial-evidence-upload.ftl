# Partials: the form that uploads a piece of evidence

partial-evidence-upload-label = Upload evidence
partial-evidence-upload-label-for = Upload evidence for { $label }
partial-evidence-upload-title = Title (optional)
partial-evidence-upload-file = File (PDF, image, office document, text, CSV or ZIP)
partial-evidence-upload-progress = Upload progress
partial-evidence-upload-submit = Upload
partial-evidence-upload-submit-hidden = evidence
partial-evidence-upload-submit-hidden-for = evidence for { $label }
