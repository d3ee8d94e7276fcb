# Pages: editing one site of a client

site-back = Back to { $client }
site-heading = Site { $name }
site-form = Edit the site
site-save = Save site
