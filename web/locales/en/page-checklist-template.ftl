# Pages: editing one checklist template

checklist-template-all = Checklist templates
checklist-template-summary = { $standard }, { $audit_type }: { $count } items. New audits of this standard and type use this template.
checklist-template-form = Edit the template
checklist-template-name = Name

## The section names readiness, clause and control are codes: keep them

checklist-template-items = Items, one per line: section | reference | title | question (section: readiness, clause or control)
checklist-template-save = Save the template
