# Words the register of nonconformities builds in Rust: its title, the counts above the table

msg-register-title = Nonconformity register
msg-register-not-closed = not closed
msg-register-all = all
