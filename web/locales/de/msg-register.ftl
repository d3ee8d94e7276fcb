# Words the register of nonconformities builds in Rust: its title, the counts above the table

msg-register-title = Register der Abweichungen
msg-register-not-closed = nicht geschlossen
msg-register-all = alle
