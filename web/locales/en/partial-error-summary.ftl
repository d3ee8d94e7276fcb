# Partials: the summary of a form's errors at the top of a page

partial-error-summary-heading = Nothing was saved: there is a problem
