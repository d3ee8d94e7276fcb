# Pages: the audit files waiting for the technical review or the certification decision

decisions-heading = Audit files waiting
decisions-help = Audit files go to a technical review once the lead auditor submits the report, then to the certification decision. Neither may be made by someone who was on the audit team (ISO/IEC 17021-1 9.5.1.2).
decisions-col-client = Client
decisions-col-audit = Audit
decisions-col-standards = Standards
decisions-col-ended = Audit ended
decisions-col-report = Report
decisions-col-recommendation = Team recommendation
decisions-col-open-points = Open points
decisions-col-blocking = Blocking the decision
decisions-col-action = Action

decisions-review-heading = Waiting for the technical review ({ $count })
decisions-review-region = Audit files waiting for the technical review, scrollable
decisions-review-table = Audit files waiting for the technical review
decisions-revision-submitted = Revision { $revision }, submitted { $submitted }
decisions-open-points-none = None
decisions-review-file = Review the file
decisions-open-file = Open the file
decisions-file-hidden = of the { $kind } audit of { $client }
decisions-review-none = No audit file waits for a technical review.

decisions-decide-heading = Waiting for the certification decision ({ $count })
decisions-decide-region = Audit files waiting for the certification decision, scrollable
decisions-decide-table = Audit files waiting for the certification decision
decisions-revision = Revision { $revision }
decisions-revision-hidden = of the { $kind } audit file of { $client }
decisions-blocking-none = Nothing
decisions-decide = Decide
decisions-decide-hidden = on the { $kind } audit of { $client }
decisions-decide-none = No audit file waits for a decision.
