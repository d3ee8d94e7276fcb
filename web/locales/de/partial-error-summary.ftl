# Partials: the summary of a form's errors at the top of a page

partial-error-summary-heading = Nichts wurde gespeichert: Es gibt ein Problem
