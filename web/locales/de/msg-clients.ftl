# Words the client pages build in Rust: titles, notices, the client file's header chips

msg-clients-title = Kunden
msg-clients-import-title = Kunden importieren
msg-clients-site-title = Standort { $site }

## Notices after a form

msg-clients-registered = Kunde { $client } als { $reference } registriert
msg-clients-saved = Kundendaten gespeichert
msg-clients-site-added = Standort { $site } hinzugefügt
msg-clients-site-saved = Standort { $site } gespeichert
msg-clients-site-removed = Standort entfernt
msg-clients-contact-added = Kontakt { $contact } hinzugefügt
msg-clients-contact-removed = Kontakt entfernt
msg-clients-imported = { $clients ->
        [one] { $clients } Kunde
       *[other] { $clients } Kunden
    } mit { $sites ->
        [one] { $sites } Standort
       *[other] { $sites } Standorten
    } importiert
msg-clients-ai-added = KI-System { $system } hinzugefügt
msg-clients-ai-removed = KI-System entfernt
msg-clients-scope-saved = Geltungsbereich für { $standard } gespeichert
msg-clients-scope-removed = Geltungsbereich entfernt

## The client file's header chips

msg-clients-no-site = noch kein Standort
msg-clients-people-at-sites = { $people ->
        [one] { $people } Person
       *[other] { $people } Personen
    } an { $sites ->
        [one] { $sites } Standort
       *[other] { $sites } Standorten
    }
msg-clients-open-ncs = { $count ->
        [one] { $count } offene Abweichung
       *[other] { $count } offene Abweichungen
    }
# $status: active or suspended
msg-clients-certificates = { $status ->
        [suspended] { $count ->
            [one] { $count } ausgesetztes Zertifikat
           *[other] { $count } ausgesetzte Zertifikate
        }
       *[active] { $count ->
            [one] { $count } aktives Zertifikat
           *[other] { $count } aktive Zertifikate
        }
    }
