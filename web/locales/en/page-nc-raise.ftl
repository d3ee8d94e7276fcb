# Pages: raising a nonconformity on a checklist item

nc-raise-checklist = Checklist
nc-raise-heading = Raise a nonconformity on { $reference }
nc-raise-form = Raise a nonconformity
nc-raise-grade = Grade (ISO/IEC 17021-1 3.12, 3.13)
nc-raise-minor = minor: does not affect the system's capability to achieve its intended results
nc-raise-major = major: affects that capability (or a systemic failure)
nc-raise-reference = Clause or control
nc-raise-statement = Statement of the nonconformity
nc-raise-evidence = Objective evidence
nc-raise-submit = Raise the nonconformity
