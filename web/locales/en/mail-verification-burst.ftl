# Mails: unusual activity on the public verification of certificates

mail-verification-burst-title = Unusual verification activity
mail-verification-burst-subject = Unusual verification activity: { $lookups } look-ups to review
mail-verification-burst-body = On { $day } the public verification of { $body_name } answered { $lookups } look-ups of numbers that no certification body holds but resemble yours, or of your suspended or withdrawn certificates. Your alert threshold is { $threshold } a day. A certificate number may be circulating that was mistyped, altered or forged, or a suspended certificate may still be shown to customers.
mail-verification-burst-most = Looked up most:
mail-verification-burst-review-link = Review the verification look-ups
mail-verification-burst-review = Review them:
mail-verification-burst-url = { $public_url }/settings/verification
