# tsgen.awk - write a log in the style of one system's timestamps, each
# timestamped line carrying its true instant, for the timestamp family
# tests.  The truth is computed here from plain arithmetic, never by
# logscan.
#
#   awk -v fam=FAMILY [-v n=150] [-v seed=1] [-v paste=FILE] -f tsgen.awk
#
# Every entry line ends in " truth=N", N the instant in nanoseconds since
# the epoch as 20 digits (so truths compare as strings); some entries have
# a continuation line without one.  With paste=FILE, the timestamp as the
# line writes it goes to FILE, one per entry, for pasting into --since.
# Entries start at 2026-03-12 22:00:00 UTC and are 1 to 200 s apart, so
# the days 12 and 13 both occur (13 tells day/month from month/day).

function days(y, m, d,    era, yoe, doy, doe) {
	y -= (m <= 2)
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

# Fill Y, MO, D, H, MI, S, WD (0 = Sunday) from seconds since the epoch.
function civil(t,    z, era, doe, yoe, doy, mp, dd) {
	dd = int(t / 86400)
	WD = (dd + 4) % 7
	t -= dd * 86400
	H = int(t / 3600); MI = int((t % 3600) / 60); S = t % 60
	z = dd + 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	D = doy - int((153 * mp + 2) / 5) + 1
	MO = mp < 10 ? mp + 3 : mp - 9
	Y = yoe + era * 400 + (MO <= 2)
}

function pad(v, w) { return sprintf("%0" w "d", v) }

# The fraction's first k digits of the 9-digit nanoseconds ns.
function frac(ns, k) { return substr(pad(ns, 9), 1, k) }

function offtext(off, colon,    sg, a) {
	sg = off < 0 ? "-" : "+"
	a = off < 0 ? -off : off
	return sg pad(int(a / 3600), 2) (colon ? ":" : "") pad(int((a % 3600) / 60), 2)
}

function hour12(h) { return h % 12 == 0 ? 12 : h % 12 }
function ampm(h) { return h < 12 ? "AM" : "PM" }

BEGIN {
	if (n == "") n = 150
	if (seed == "") seed = 1
	srand(seed)
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", MON, " ")
	split("Sun Mon Tue Wed Thu Fri Sat", WDAY, " ")
	t = days(2026, 3, 12) * 86400 + 22 * 3600
	for (i = 0; i < n; i++) {
		ns = int(rand() * 1000) * 1000000 + int(rand() * 1000) * 1000 + int(rand() * 1000)
		# A zone offset for the formats that write one, whole quarters.
		off = (int(rand() * 25) - 12) * 3600 + (rand() < 0.2 ? 1800 : 0)
		civil(t)
		ts = ""; rest = " msg " i; K = 0; line_pre = ""
		if (fam == "iso8601") {
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) "T" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 1 + i % 9) "Z"
			rest = " INFO msg " i
		} else if (fam == "iso-offset") {
			civil(t + off)
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) "T" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 6) offtext(off, i % 2)
		} else if (fam == "unpadded") {
			ts = Y "-" MO "-" D " " H ":" MI ":" S
		} else if (fam == "log4j") {
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "," frac(ns, K = 3)
			rest = " INFO  [main] c.e.App - msg " i
		} else if (fam == "serilog") {
			civil(t + off)
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3) " " offtext(off, 1)
			rest = " [INF] msg " i
		} else if (fam == "cbs") {
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2)
			rest = ", Info                  CBS    msg " i
		} else if (fam == "w3c") {
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) "\t" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2)
			rest = "\tW3SVC1\t10.0.0.1\tGET\t/index.html\t200"
		} else if (fam == "postgres") {
			civil(t - 7 * 3600)
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3) " PDT"
			rest = " [4242] LOG:  statement " i
		} else if (fam == "rfc5424") {
			civil(t + off)
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) "T" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3) offtext(off, 1)
			line_pre = "<34>1 "
			rest = " host app 1234 ID47 - msg " i
		} else if (fam == "rfc3164") {
			ts = MON[MO] " " (D < 10 ? " " D : D) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2)
			rest = " host sshd[812]: msg " i
		} else if (fam == "apache-access") {
			civil(t + off)
			ts = pad(D, 2) "/" MON[MO] "/" Y ":" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) " " offtext(off, 0)
			line_pre = "10.0.0." (i % 250) " - - ["
			rest = "] \"GET /" i " HTTP/1.1\" 200 512"
		} else if (fam == "date") {
			civil(t - 5 * 3600)
			ts = WDAY[WD + 1] " " MON[MO] " " (D < 10 ? " " D : D) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) " EST " Y
		} else if (fam == "apache-error") {
			ts = WDAY[WD + 1] " " MON[MO] " " pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 6) " " Y
			line_pre = "["
			rest = "] [core:error] [pid 812] msg " i
		} else if (fam == "go") {
			ts = Y "/" pad(MO, 2) "/" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2)
		} else if (fam == "tomcat") {
			ts = pad(D, 2) "-" MON[MO] "-" Y " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3)
			rest = " INFO [main] org.apache.catalina.startup.Catalina.start msg " i
		} else if (fam == "redis") {
			ts = pad(D, 2) " " MON[MO] " " Y " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3)
			line_pre = (1000 + i) ":M "
			rest = " * msg " i
		} else if (fam == "jul") {
			ts = MON[MO] " " D ", " Y " " hour12(H) ":" pad(MI, 2) ":" pad(S, 2) " " ampm(H)
			rest = " org.example.App main"
		} else if (fam == "dmy") {
			ts = pad(D, 2) "/" pad(MO, 2) "/" Y " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2)
		} else if (fam == "mdy") {
			ts = MO "/" D "/" Y " " hour12(H) ":" pad(MI, 2) ":" pad(S, 2) " " ampm(H)
		} else if (fam == "klog") {
			ts = "I" pad(MO, 2) pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 6)
			rest = "    1234 main.go:" i "] msg"
		} else if (fam == "logcat") {
			ts = pad(MO, 2) "-" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3)
			rest = "  1234  1234 I Tag: msg " i
		} else if (fam == "zap") {
			ts = t "." frac(ns, K = 3)
			line_pre = "{\"level\":\"info\",\"ts\":"
			rest = ",\"caller\":\"main.go:12\",\"msg\":\"m" i "\"}"
		} else if (fam == "pino") {
			ts = t frac(ns, K = 3)
			line_pre = "{\"level\":30,\"time\":"
			rest = ",\"pid\":1,\"hostname\":\"h\",\"msg\":\"m" i "\"}"
		} else if (fam == "journald") {
			ts = t frac(ns, K = 6)
			line_pre = "{\"__REALTIME_TIMESTAMP\":\""
			rest = "\",\"PRIORITY\":\"6\",\"MESSAGE\":\"m" i "\"}"
		} else if (fam == "bunyan") {
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) "T" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3) "Z"
			line_pre = "{\"name\":\"myapp\",\"hostname\":\"web-01\",\"pid\":4242,\"level\":30,\"msg\":\"request " i " done at 2020-01-01T00:00:00Z\",\"time\":\""
			rest = "\",\"v\":0}"
		} else if (fam == "tai64n") {
			# 2^62 + 10 + t as 16 hex digits: 4000000 then t + 10 in 9.
			ts = "@40000000" sprintf("%08x", t + 10) sprintf("%08x", ns); K = 9
		} else if (fam == "epoch") {
			ts = t "." frac(ns, K = 3)
		} else if (fam == "strace") {
			ts = t "." frac(ns, K = 6)
			line_pre = (4000 + i % 7) " "
			rest = " write(1, \"2020-01-01 00:00:00 quoted\\n\", 28) = 28"
		} else if (fam == "ordinal") {
			ts = Y "-" pad(days(Y, MO, D) - days(Y, 1, 1) + 1, 3) "T" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "Z"
		} else if (fam == "w3c-quoted") {
			ts = "\"" Y "-" pad(MO, 2) "-" pad(D, 2) "\" \"" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "\""
			rest = " \"a1f3-" i "\" \"Chrome\" \"10.0.0." (i % 250) "\" \"GET\""
		} else if (fam == "uwsgi") {
			ts = WDAY[WD + 1] " " MON[MO] " " (D < 10 ? " " D : D) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) " " Y
			line_pre = "[pid: " (24000 + i % 50) "|app: 0|req: " (i + 1) "/" (i + 1) "] 10.0." (i % 250) "." (1 + i % 7) " () {" (30 + i % 9) " vars in " (600 + i) " bytes} ["
			rest = "] GET /" i " => generated 33 bytes in 0 msecs (HTTP/1.1 200) 2 headers in 79 bytes (1 switches on core 0)"
		} else if (fam == "ansi") {
			# Colour codes before, inside and after the timestamp.
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) "\033[0m \033[1m" pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) "." frac(ns, K = 3)
			line_pre = "\033[2m"
			rest = "\033[0m \033[32mINFO\033[0m msg " i
		} else if (fam == "ist") {
			# India's IST, which the config's zone-aliases names.
			civil(t + 19800)
			ts = Y "-" pad(MO, 2) "-" pad(D, 2) " " pad(H, 2) ":" pad(MI, 2) ":" pad(S, 2) " IST"
		} else {
			print "tsgen.awk: unknown family " fam > "/dev/stderr"
			exit 2
		}
		# The truth is what the line says: the fraction as written.
		ns = K == 0 ? 0 : int(ns / 10 ^ (9 - K)) * 10 ^ (9 - K)
		printf "%s%s%s truth=%s%s\n", line_pre, ts, rest, t, pad(ns, 9)
		if (paste != "")
			print ts > paste
		if (rand() < 0.15)
			print "  at continuation line of entry " i
		t += 1 + int(rand() * 200)
	}
}
