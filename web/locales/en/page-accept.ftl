# Pages: accept an invitation to a certification body

accept-heading = Join { $body }
accept-invited-as = You were invited as
accept-invited-roles = with the role(s) { $roles }.
accept-existing = You already have a Certa account. Confirm with its password to join.
accept-password = Password
accept-name = Your name
accept-choose-password = Choose a password
accept-password-help = At least 12 characters.
accept-submit = Accept the invitation
accept-invalid-heading = Invitation not valid
accept-invalid = This invitation link is invalid, expired or already used. Ask an administrator of the certification body to invite you again.
