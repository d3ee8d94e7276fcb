# Pages: the checklist templates of the certification body and the built-in ones

checklist-templates-heading = Checklist templates
checklist-templates-intro = Audits take their checklist from this certification body's template for the standard and audit type when there is one, else from the built-in template. Built-in templates list the clauses and Annex A controls by number and title, with Certa's own guidance questions.
checklist-templates-table = Checklist templates
checklist-templates-col-template = Template
checklist-templates-col-standard = Standard
checklist-templates-col-audit-type = Audit type
checklist-templates-col-items = Items
checklist-templates-col-actions = Actions
checklist-templates-built-in = { $name } (built-in)
checklist-templates-copy = Copy to edit
