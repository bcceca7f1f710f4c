#!/usr/bin/env python3
"""merge_ref.py - logs for the --merge tests, and the merge they must give.

  merge_ref.py gen DIR
      Write three logs in three formats and zones into DIR:
        iso.log     ISO 8601 with +01:00, milliseconds, a banner line
                    before the first timestamp, stack traces (lines
                    without a timestamp) after some entries;
        access.log  Apache access log in -0500, whole seconds;
        local.log   yyyy/mm/dd zone-less local time, to be read with
                    TZ=Asia/Kolkata (+05:30, no DST); its clock steps back
                    by 90 s once, part way through.
      Every timestamped line ends in " truth=NS": the entry's true
      instant in UTC nanoseconds, written from the instant the line's
      timestamp was formatted from.  Some instants are shared by all
      three files (equal times across files).

  merge_ref.py ref [--since NS] [--until NS] [--no-names] [-n]
                   [--grep REGEX] FILE...
      Print what `logscan slice --merge` (or with --grep,
      `logscan grep --merge -E REGEX`) must print for FILE...: the
      entries of each file (by truth=, never by parsing the timestamp;
      lines before a file's first timestamp form an entry that sorts
      before everything and that a time range leaves out), kept in each
      file's order, merged by always taking the entry with the smallest
      instant among the files' next ones, the earliest file on a tie.
      A .gz FILE is read decompressed.

  merge_ref.py jsonlines < MESSAGES
      Check logscan's --json messages (each timestamped line's
      "timestamp" is its truth=, begin and end around each file's lines,
      the summary's count) and print "PATH:TEXT" for each line, for a
      comparison with ref's output.
"""
import gzip
import random
import re
import sys

BASE = 1772359200  # 2026-03-01T10:00:00Z
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
       "Nov", "Dec"]


def civil(secs):
    """(Y, M, D, h, m, s) of UTC seconds."""
    days, rem = divmod(secs, 86400)
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (1 if m <= 2 else 0)
    return y, m, d, rem // 3600, rem // 60 % 60, rem % 60


def iso(ns):
    secs, ms = divmod(ns // 1000000, 1000)
    y, mo, d, h, mi, s = civil(secs + 3600)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03d+01:00" % (y, mo, d, h, mi, s,
                                                         ms)


def access(ns):
    y, mo, d, h, mi, s = civil(ns // 10**9 - 5 * 3600)
    return "[%02d/%s/%04d:%02d:%02d:%02d -0500]" % (d, MON[mo - 1], y, h, mi,
                                                    s)


def local(ns):
    y, mo, d, h, mi, s = civil(ns // 10**9 + 19800)
    return "%04d/%02d/%02d %02d:%02d:%02d" % (y, mo, d, h, mi, s)


def gen(outdir):
    rnd = random.Random(20)
    # Instants all three files log (whole seconds).
    shared = sorted(BASE + rnd.randrange(0, 7200) for _ in range(25))
    shared = [s * 10**9 for s in sorted(set(shared))]

    def times(whole, n):
        ts = set(shared)
        while len(ts) < n:
            t = BASE * 10**9 + rnd.randrange(0, 7200 * 10**9)
            t -= t % (10**9 if whole else 10**6)
            ts.add(t)
        return sorted(ts)

    with open(outdir + "/iso.log", "w") as f:
        f.write("=== service starting (no timestamp yet) ===\n")
        f.write("config loaded from /etc/app.yaml\n")
        for i, t in enumerate(times(False, 300)):
            lvl = rnd.choice(["INFO", "INFO", "INFO", "WARN", "ERROR"])
            f.write("%s %s OrderService: request %d done truth=%d\n" %
                    (iso(t), lvl, i, t))
            if lvl == "ERROR":
                f.write("java.lang.IllegalStateException: pool ERROR\n")
                for k in range(rnd.randrange(1, 4)):
                    f.write("\tat org.example.Pool.get(Pool.java:%d)\n" %
                            (40 + k))
    with open(outdir + "/access.log", "w") as f:
        for i, t in enumerate(times(True, 250)):
            code = rnd.choice([200, 200, 200, 404, 500])
            f.write('10.0.0.%d - - %s "GET /api/v1/orders/%d HTTP/1.1" '
                    '%d 512 truth=%d\n' % (i % 250, access(t), i, code, t))
    with open(outdir + "/local.log", "w") as f:
        ts = times(True, 200)
        for i, t in enumerate(ts):
            # From entry 120 on, the clock is 90 s behind: it stepped
            # back (the truth is what the clock said).
            tt = t - 90 * 10**9 if i >= 120 else t
            lvl = rnd.choice(["info", "warn", "error"])
            f.write("%s [%s] 812#812: worker event %d truth=%d\n" %
                    (local(tt), lvl, i, tt))


def entries(path):
    """[(key, [lines...], [line numbers])] of a file; key None: the head."""
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    with opener(path, "rt") as f:
        for no, line in enumerate(f, 1):
            m = re.search(r" truth=(\d+)$", line.rstrip("\n"))
            if m:
                out.append((int(m.group(1)), [line], [no]))
            elif out:
                out[-1][1].append(line)
                out[-1][2].append(no)
            else:
                out.append((None, [line], [no]))
    return out


def ref(args):
    since, until, names, numbers, pat = None, None, True, False, None
    files = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--since":
            since = int(args[i + 1])
            i += 1
        elif a == "--until":
            until = int(args[i + 1])
            i += 1
        elif a == "--no-names":
            names = False
        elif a == "-n":
            numbers = True
        elif a == "--grep":
            pat = re.compile(args[i + 1])
            i += 1
        else:
            files.append(a)
        i += 1
    ranged = since is not None or until is not None
    seqs = []
    for path in files:
        seq = []
        for key, lines, nos in entries(path):
            if ranged:
                if key is None:
                    continue
                if since is not None and key < since:
                    continue
                if until is not None and key >= until:
                    continue
            text = []
            for line, no in zip(lines, nos):
                if pat is not None and not pat.search(line.rstrip("\n")):
                    continue
                pre = path + ":" if names else ""
                if numbers:
                    pre += "%d:" % no
                text.append(pre + line)
            if text:
                seq.append((float("-inf") if key is None else key, text))
        seqs.append(seq)
    pos = [0] * len(seqs)
    out = sys.stdout
    while True:
        best = None
        for k, seq in enumerate(seqs):
            if pos[k] < len(seq) and (best is None or
                                      seq[pos[k]][0] < seqs[best][pos[best]][0]):
                best = k
        if best is None:
            break
        out.writelines(seqs[best][pos[best]][1])
        pos[best] += 1


def jsonlines():
    """Check --json messages on stdin and print "PATH:TEXT" of each line.

    Every timestamped line's "timestamp" must be its truth= instant, each
    file's begin must come before its lines and its end after them, and
    the summary must count every match.
    """
    import datetime
    import json
    seen, ended, n = set(), set(), 0
    for raw in sys.stdin:
        m = json.loads(raw)
        d = m["data"]
        if m["type"] == "begin":
            seen.add(d["path"]["text"])
            continue
        if m["type"] == "end":
            ended.add(d["path"]["text"])
            continue
        if m["type"] == "summary":
            if d["stats"]["matched_lines"] != n:
                sys.exit("summary: %d matched lines, %d printed" %
                         (d["stats"]["matched_lines"], n))
            continue
        p, text = d["path"]["text"], d["lines"]["text"]
        if p not in seen or p in ended:
            sys.exit("a line of %s outside its begin and end" % p)
        t = re.search(r" truth=(\d+)$", text.rstrip("\n"))
        if t:
            ns = int(t.group(1))
            want = datetime.datetime.fromtimestamp(
                ns // 10**9, datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S") + ".%09dZ" % (ns % 10**9)
            if d["timestamp"] != want:
                sys.exit("timestamp %s, truth %s" % (d["timestamp"], want))
        n += m["type"] == "match"
        sys.stdout.write(p + ":" + text)


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "gen":
        gen(sys.argv[2])
    elif len(sys.argv) >= 2 and sys.argv[1] == "ref":
        ref(sys.argv[2:])
    elif len(sys.argv) == 2 and sys.argv[1] == "jsonlines":
        jsonlines()
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
