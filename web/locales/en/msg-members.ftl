# Words of the members page: its title and the notices of inviting, changing roles and removing.

msg-members-title = Members
msg-members-invited = Invitation sent to { $email }
msg-members-roles-updated = Roles of { $name } updated
msg-members-removed = Member removed
msg-members-revoked = Invitation revoked
