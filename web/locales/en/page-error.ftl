# Pages: the error page

error-back = Back to the start page
