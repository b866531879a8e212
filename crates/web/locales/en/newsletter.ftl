# The newsletter: a publisher's monthly digest, its subscription, and its mails.
newsletter-link = Newsletter
newsletter-by-mail = Newsletters by e-mail
newsletter-heading = Newsletter: { $publisher }, { $month }
newsletter-empty = Nothing was published in this month.
newsletter-archive = Other months
newsletter-subscribe-title = Receive the newsletter by e-mail
newsletter-subscribe-intro = We mail you a link to confirm your address; nothing else is sent until you confirm it. Every newsletter has a link to stop it.
newsletter-email = E-mail address
newsletter-language = Language of the newsletter
newsletter-subscribe = Subscribe
newsletter-done-subscribed = Thank you. If the address is new to us, a mail with a link to confirm it is on its way; the newsletter starts once it is confirmed.
newsletter-done-sent = The newsletter is being sent.
newsletter-send-title = Send this newsletter
newsletter-recipients = { $count ->
    [0] No subscriber has confirmed an address yet.
    [one] It will go to one confirmed subscriber.
   *[other] It will go to { $count } confirmed subscribers.
}
newsletter-send = Send to the subscribers
newsletter-sent = Sent on { $at } by { $by } to { $count ->
    [one] one subscriber
   *[other] { $count } subscribers
}.
newsletter-mail-confirm-subject = Confirm your subscription: { $publisher }
newsletter-mail-confirm-intro = Someone, we hope you, asked for the newsletter of { $publisher } at this address.
newsletter-mail-confirm-do = To confirm it, open this link and press “Confirm”:
newsletter-mail-confirm-ignore = If you did not ask for it, ignore this mail: nothing more will be sent to you.
newsletter-mail-read = Read on the site
newsletter-mail-why = You receive this newsletter because { $address } subscribed to it.
newsletter-mail-unsubscribe = Stop receiving it
subscription-title = Your subscription
subscription-pending = Your subscription to the newsletter of { $publisher } waits for your confirmation.
subscription-confirmed = You receive the newsletter of { $publisher }.
subscription-unsubscribed = You no longer receive the newsletter of { $publisher }.
subscription-address = Address
subscription-confirm = Confirm
subscription-end = Stop receiving it
subscription-again = Subscribe again to the newsletter of { $publisher }
error-invalid_month = This is not a month (year and month, like 2018-06).
error-month_to_come = This month has not begun: its newsletter cannot be sent yet.
error-empty_newsletter = Nothing was published in this month: there is nothing to send.
error-newsletter_already_sent = This month's newsletter was already sent.
error-subscription_ended = This subscription was ended: subscribe again.
