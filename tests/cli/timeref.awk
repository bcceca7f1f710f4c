# timeref.awk - the reference answer for the time CLI tests, computed
# without logscan: print the lines of a sample log whose entry time t has
# since <= t < until, both given in microseconds since the epoch (whole
# numbers: awk's doubles hold them exactly, so the bounds compare exactly).
#
#   awk -v fmt=FORMAT -v since=S -v until=U [-v year=Y] -f timeref.awk LOG
#
# FORMAT names how the sample logs in testdata/time write their
# timestamps, each read here with a plain pattern anchored where that log
# has it, so a parser bug in logscan cannot hide in the reference too.
# An entry is a line with a timestamp plus the lines after it without
# one; lines before the first timestamp are never printed.  Zone-less
# times are UTC (the tests run with TZ=UTC).  For rfc3164, year is the
# year of the last line, a January: December lines are a year earlier.
# With since or until empty, that bound is open.  -v from=A -v to=B
# print only lines A to B of those; -v numbered=1 prefixes each with its
# line number and a colon, as grep -n.  With -v keys=1 the entry time of
# each timestamped line is printed instead.

function days(y, m, d,    era, yoe, doy, doe) {
	y -= (m <= 2)
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

# Microseconds since the epoch of a UTC date and time.
function epoch(y, mo, d, h, mi, s) {
	return (days(y + 0, mo + 0, d + 0) * 86400 + h * 3600 + mi * 60 + s) * \
	    1000000
}

function month(name) {
	return (index("JanFebMarAprMayJunJulAugSepOctNovDec", name) + 2) / 3
}

# The fraction "123" of "10:00:00.123" in microseconds.
function frac(digits) {
	return substr(digits "000000", 1, 6) + 0
}

# Split the matched text into its digit runs: g[1..n].
function groups(text) {
	n = split(text, g, /[^0-9]+/)
	if (n > 0 && g[n] == "")
		n--
	if (g[1] == "") {
		for (i = 1; i < n; i++)
			g[i] = g[i + 1]
		n--
	}
	return n
}

# The entry time of the current line, or "" when it has no timestamp.
function key(    t, sign, off) {
	if (fmt == "apache-access") {
		if (!match($0, /\[[0-9][0-9]\/[A-Z][a-z][a-z]\/[0-9][0-9][0-9][0-9]:[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [-+][0-9][0-9][0-9][0-9]\]/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		groups(t)
		sign = index(t, "-") ? -1 : 1
		off = sign * (substr(g[6], 1, 2) * 3600 + substr(g[6], 3, 2) * 60) * \
		    1000000
		return epoch(g[2], month(substr(t, 5, 3)), g[1], g[3], g[4], g[5]) - off
	}
	if (fmt == "apache-error") {
		if (!match($0, /^\[[A-Z][a-z][a-z] [A-Z][a-z][a-z] [0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)? [0-9][0-9][0-9][0-9]\]/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		n = groups(t)
		if (n == 6)
			return epoch(g[6], month(substr(t, 6, 3)), g[1], g[2], g[3], g[4]) + frac(g[5])
		return epoch(g[5], month(substr(t, 6, 3)), g[1], g[2], g[3], g[4])
	}
	if (fmt == "epoch") {
		if (!match($0, /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9](\.[0-9]+)?[ \t]/))
			return ""
		split($1, g, ".")
		return g[1] * 1000000 + frac(g[2])
	}
	if (fmt == "epoch-ms") {
		if (!match($0, /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][ \t]/))
			return ""
		return $1 * 1000
	}
	if (fmt == "iso8601" || fmt == "level-first") {
		if (!match($0, /^([A-Z]+ +)?[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]([.,][0-9]+)?/))
			return ""
		groups(substr($0, RSTART, RLENGTH))
		return epoch(g[1], g[2], g[3], g[4], g[5], g[6]) + frac(g[7])
	}
	if (fmt == "nginx-error") {
		if (!match($0, /^[0-9][0-9][0-9][0-9]\/[0-9][0-9]\/[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/))
			return ""
		groups(substr($0, RSTART, RLENGTH))
		return epoch(g[1], g[2], g[3], g[4], g[5], g[6])
	}
	if (fmt == "rfc3164") {
		if (!match($0, /^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		groups(t)
		mo = month(substr(t, 1, 3))
		return epoch(mo > 1 ? year - 1 : year, mo, g[1], g[2], g[3], g[4])
	}
	if (fmt == "rfc3339-offset") {
		if (!match($0, /^\{"time":"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+[-+][0-9][0-9]:[0-9][0-9]"/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		groups(t)
		sign = index(substr(t, 20), "-") ? -1 : 1
		off = sign * (g[8] * 3600 + g[9] * 60) * 1000000
		return epoch(g[1], g[2], g[3], g[4], g[5], g[6]) + frac(g[7]) - off
	}
	if (fmt == "rfc5424" || fmt == "iso-z") {
		if (!match($0, /^(<[0-9]+>1 )?[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?Z/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		if (substr(t, 1, 1) == "<")
			t = substr(t, index(t, " ") + 1)
		groups(t)
		return epoch(g[1], g[2], g[3], g[4], g[5], g[6]) + frac(g[7])
	}
	if (fmt == "yy-slash") {
		if (!match($0, /^[0-9][0-9]\/[0-9][0-9]\/[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/))
			return ""
		groups(substr($0, RSTART, RLENGTH))
		return epoch(2000 + g[1], g[2], g[3], g[4], g[5], g[6])
	}
	if (fmt == "yymmdd") {
		if (!match($0, /^[0-9][0-9][0-9][0-9][0-9][0-9] [0-9][0-9][0-9][0-9][0-9][0-9]/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		return epoch(2000 + substr(t, 1, 2), substr(t, 3, 2), substr(t, 5, 2), substr(t, 8, 2), substr(t, 10, 2), substr(t, 12, 2))
	}
	if (fmt == "yyyymmdd-ms") {
		if (!match($0, /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9]:[0-9][0-9]:[0-9][0-9]:[0-9]+/))
			return ""
		t = substr($0, RSTART, RLENGTH)
		groups(t)
		return epoch(substr(t, 1, 4), substr(t, 5, 2), substr(t, 7, 2), g[2], g[3], g[4]) + g[5] * 1000
	}
	print "timeref.awk: unknown format " fmt > "/dev/stderr"
	exit 2
}

{
	k = key()
	if (k != "") {
		cur = k
		have = 1
		if (keys)
			printf "%.0f\n", k
	}
	if (!keys && have && (since == "" || cur >= since + 0) &&
	    (until == "" || cur < until + 0) && (from == "" || NR >= from + 0) &&
	    (to == "" || NR <= to + 0))
		print (numbered ? NR ":" : "") $0
}
