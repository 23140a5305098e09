-- wrk: single-URL POST /predict, keep-alive.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"url":"http://paypal.com.account-verify.info/webscr?cmd=_login"}'
