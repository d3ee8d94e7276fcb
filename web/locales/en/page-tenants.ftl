# Pages: choosing the certification body to work in

tenants-heading = Choose a certification body
tenants-current = current
tenants-none = You are not a member of any certification body yet. Ask an administrator to invite you.
