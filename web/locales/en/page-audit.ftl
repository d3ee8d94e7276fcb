# Pages: the audit trail (hash-chained event log)

audit-heading = Audit trail
audit-chain-intact = Chain intact: all { $count } events link to their predecessors and match their hashes.
audit-chain-broken = Chain BROKEN at sequence number { $seq }: { $reason }.
audit-events = Audit events
audit-col-time = Time
audit-col-actor = Actor
audit-col-action = Action
audit-col-subject = Subject
audit-col-data = Data
audit-col-hash = Hash
audit-older = Older events
