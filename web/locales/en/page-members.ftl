# Pages: the members of a certification body, their roles and invitations

members-heading = Members
members-table = Members
members-col-name = Name
members-col-email = Email
members-col-roles = Roles
members-col-actions = Actions
members-col-expires = Expires
members-you = you
members-second-factor-on = second factor on
members-roles-label = Roles of { $name }
members-role-for = for { $name }
members-save-roles = Save roles
members-save-roles-hidden = of { $name }
members-remove = Remove
members-reset-second-factor = Reset second factor
members-reset-second-factor-hidden = of { $name }

members-invite-heading = Invite a member
members-invite-email = Email
members-invite-roles = Roles
members-invite-submit = Send invitation

members-pending-heading = Pending invitations
members-expired = expired
members-revoke = Revoke
members-revoke-hidden = the invitation of { $email }
members-pending-none = No pending invitations.
