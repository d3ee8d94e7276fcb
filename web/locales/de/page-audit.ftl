# Pages: the audit trail (hash-chained event log)

audit-heading = Prüfpfad
audit-chain-intact = { $count ->
        [one] Kette intakt: Das eine Ereignis stimmt mit seinem Hash überein.
       *[other] Kette intakt: Alle { $count } Ereignisse sind mit ihren Vorgängern verknüpft und stimmen mit ihren Hashes überein.
    }
audit-chain-broken = Kette UNTERBROCHEN bei Sequenznummer { $seq }: { $reason }.
audit-events = Ereignisse des Prüfpfads
audit-col-time = Zeit
audit-col-actor = Akteur
audit-col-action = Aktion
audit-col-subject = Gegenstand
audit-col-data = Daten
audit-col-hash = Hash
audit-older = Ältere Ereignisse
