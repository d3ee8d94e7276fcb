# Words the client pages build in Rust: titles, notices, the client file's header chips

msg-clients-title = Clients
msg-clients-import-title = Import clients
msg-clients-site-title = Site { $site }

## Notices after a form

msg-clients-registered = Client { $client } registered as { $reference }
msg-clients-saved = Client details saved
msg-clients-site-added = Site { $site } added
msg-clients-site-saved = Site { $site } saved
msg-clients-site-removed = Site removed
msg-clients-contact-added = Contact { $contact } added
msg-clients-contact-removed = Contact removed
msg-clients-imported = Imported { $clients } client(s) with { $sites } site(s)
msg-clients-ai-added = AI system { $system } added
msg-clients-ai-removed = AI system removed
msg-clients-scope-saved = Scope for { $standard } saved
msg-clients-scope-removed = Scope removed

## The client file's header chips

msg-clients-no-site = no site yet
msg-clients-people-at-sites = { $sites ->
        [one] { $people } people at { $sites } site
       *[other] { $people } people at { $sites } sites
    }
msg-clients-open-ncs = { $count ->
        [one] { $count } open nonconformity
       *[other] { $count } open nonconformities
    }
# $status: active or suspended
msg-clients-certificates = { $status ->
        [suspended] { $count ->
            [one] { $count } suspended certificate
           *[other] { $count } suspended certificates
        }
       *[active] { $count ->
            [one] { $count } active certificate
           *[other] { $count } active certificates
        }
    }
