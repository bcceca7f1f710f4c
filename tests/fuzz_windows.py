#!/usr/bin/env python3
"""fuzz_windows.py - a property-based test of logscan's time and line windows.

It generates logs whose every entry carries its true UTC instant in the
line ("truth=NS"), in random formats and zones that logscan reads (ISO 8601
with every zone offset or zone-less in a random IANA zone, RFC 5424,
Apache access and error logs, yyyy/mm/dd, epoch seconds and milliseconds),
with unsorted runs, clock jumps, ties, multi-line entries, lines longer
than a window, lines before the first timestamp, CRLF, an unterminated last
line, a UTF-8 byte-order mark, leap seconds (:60 is :59 with its fraction)
and years outside 1677-2262 (entries of their own at the start or the end
of time).  It then asks
`logscan slice` and `logscan grep` (-n, -c, -v, -m, -A, -B, -C) for random
--since/--until/--lines windows with random --window-size values:

  * with --index=never,
  * with an index of random group size (`logscan index --group-lines`),
  * after appends (the index now covers a prefix), and
  * after an incremental `logscan index`,

and compares each answer (stdout, exit status, and an empty stderr) with the
one computed here from the generator's own record of each line's entry
instant.  The truth never comes from logscan's parser; grep's output is
computed by a small model of GNU grep's context rules, which checks itself
against GNU grep on whole files.

  fuzz_windows.py --logscan PATH [--seed N] [--files N | --time SECONDS]
                  [--max-lines N] [--out DIR]

Exit status: 0 no finding, 1 findings (each saved under --out with the log,
the command and both answers), 2 a usage or setup error.  The last line
printed is the summary: seed, files, queries, findings.
"""

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zoneinfo

NS = 1_000_000_000
# The instants of timestamps whose year int64 nanoseconds cannot hold
# (before 1677, after 2262): logscan puts them at the start or the end of
# time, so only a range open on that side selects them.
EARLY = -(10 ** 30)
LATE = 10 ** 30
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

FORMATS = ["iso", "iso-local", "rfc5424", "apache-access", "apache-error",
           "slash", "epoch-ms", "epoch"]
# Formats whose timestamps carry no zone: read in TZ.
LOCAL = {"iso-local", "apache-error", "slash"}


def all_zones():
    zones = []
    for z in sorted(zoneinfo.available_timezones()):
        if z.startswith(("posix/", "right/")) or z in ("Factory",
                                                       "localtime"):
            continue
        zones.append(z)
    return zones or ["UTC"]


# ---- the generator ---------------------------------------------------------

class Line:
    """One line of the log: its text (without the newline), its own
    timestamp's instant or None, and whether a newline ends it."""
    __slots__ = ("text", "own", "nl")

    def __init__(self, text, own, nl=True):
        self.text = text
        self.own = own
        self.nl = nl


class Gen:
    def __init__(self, rng, fmt, zone, crlf):
        self.rng = rng
        self.fmt = fmt
        self.zone = zone            # IANA name for zone-less formats
        self.tz = zoneinfo.ZoneInfo(zone) if fmt in LOCAL else None
        self.crlf = crlf
        self.req = 0
        self.epoch_digits = rng.choice([0, 3, 6, 9])
        self.iso_zone_forms = rng.choice(["any", "Z", "colon", "plain"])
        self.unsorted = rng.random() < 0.4
        self.match_rate = rng.choice([0.02, 0.1, 0.3, 0.6])
        # A start instant between mid-2025 and the end of 2026, so that
        # zones' DST changes come up now and then.
        self.t = (1748736000 + rng.randrange(0, 570 * 86400)) * NS + \
            rng.randrange(NS)

    def _word(self):
        return " MATCH" if self.rng.random() < self.match_rate else ""

    def _local(self, inst):
        """Local wall time (datetime) of instant inst in self.tz, or None
        when that wall time is ambiguous (DST fall-back)."""
        sec = inst // NS
        dt = datetime.datetime.fromtimestamp(sec, tz=self.tz)
        naive = dt.replace(tzinfo=None)
        a = naive.replace(tzinfo=self.tz, fold=0).timestamp()
        b = naive.replace(tzinfo=self.tz, fold=1).timestamp()
        if a != b:
            return None
        return naive

    def _leap(self, sec):
        """Now and then write second 59 as a leap second, 60: logscan
        reads :60 as :59 with the same fraction, so the instant stays."""
        if sec == 59 and self.rng.random() < 0.3:
            return 60
        return sec

    def _frac(self, inst, nd):
        if nd == 0:
            return ""
        return "." + ("%09d" % (inst % NS))[:nd]

    def _trunc(self, inst, nd):
        q = 10 ** (9 - nd)
        return inst - inst % q

    def _utc(self, inst, off_min):
        return datetime.datetime.fromtimestamp(
            inst // NS + off_min * 60, tz=datetime.timezone.utc).replace(
                tzinfo=None)

    def _zone_text(self, off_min, rfc):
        form = self.iso_zone_forms
        if form == "any":
            form = self.rng.choice(["Z", "colon", "plain", "hours"])
        if off_min == 0 and form == "Z":
            return "Z"
        sign = "+" if off_min >= 0 else "-"
        h, m = divmod(abs(off_min), 60)
        if rfc or form in ("Z", "colon"):
            return "%s%02d:%02d" % (sign, h, m)
        if form == "hours" and m == 0:
            return "%s%02d" % (sign, h)
        return "%s%02d%02d" % (sign, h, m)

    def entry_line(self, inst):
        """The text of an entry line for about instant inst, and the exact
        instant it states (None: this instant cannot be written, try
        another)."""
        rng = self.rng
        f = self.fmt
        self.req += 1
        n = self.req
        if f in ("iso", "rfc5424"):
            nd = rng.randrange(10)
            inst = self._trunc(inst, nd)
            off = rng.randrange(-720, 841, 15) if rng.random() < 0.8 else 0
            if self.iso_zone_forms == "Z":
                off = 0
            w = self._utc(inst, off)
            if f == "iso" and rng.random() < 0.01:
                # A year out of int64 range: an entry of its own.
                far = rng.choice([1600, 1650, 2300, 9999])
                w = w.replace(year=far, month=1 + rng.randrange(12),
                              day=1 + rng.randrange(28))
                inst = EARLY if far < 1677 else LATE
            ts = "%04d-%02d-%02dT%02d:%02d:%02d%s%s" % (
                w.year, w.month, w.day, w.hour, w.minute,
                self._leap(w.second), self._frac(inst, nd) if
                abs(inst) < LATE else "", self._zone_text(off,
                                                         f == "rfc5424"))
            if f == "iso":
                lvl = rng.choice(["INFO ", "WARN ", "ERROR", "DEBUG"])
                text = "%s %s [w-%d] req=%d%s truth=%d" % (
                    ts, lvl, rng.randrange(16), n, self._word(), inst)
            else:
                text = "<34>1 %s host app %d ID47 - req=%d%s truth=%d" % (
                    ts, 100 + rng.randrange(900), n, self._word(), inst)
            return text, inst
        if f == "apache-access":
            inst = self._trunc(inst, 0)
            off = rng.randrange(-720, 841, 15)
            w = self._utc(inst, off)
            sign = "+" if off >= 0 else "-"
            h, m = divmod(abs(off), 60)
            text = ('10.0.%d.%d - - [%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d]'
                    ' "GET /r/%d%s HTTP/1.1" 200 %d truth=%d') % (
                rng.randrange(256), rng.randrange(256), w.day,
                MONTHS[w.month - 1], w.year, w.hour, w.minute, w.second,
                sign, h, m, n, self._word().replace(" ", "/"),
                rng.randrange(99999), inst)
            return text, inst
        if f in ("iso-local", "apache-error", "slash"):
            nd = {"iso-local": rng.randrange(10), "apache-error": 6,
                  "slash": 0}[f]
            inst = self._trunc(inst, nd)
            w = self._local(inst)
            if w is None:
                return None, None
            fr = self._frac(inst, nd)
            if f == "iso-local":
                text = "%04d-%02d-%02dT%02d:%02d:%02d%s INFO req=%d%s " \
                    "truth=%d" % (w.year, w.month, w.day, w.hour, w.minute,
                                  self._leap(w.second), fr, n, self._word(),
                                  inst)
            elif f == "apache-error":
                text = "[%s %s %02d %02d:%02d:%02d%s %04d] [core:error] " \
                    "req=%d%s truth=%d" % (
                        DAYS[w.weekday()], MONTHS[w.month - 1], w.day,
                        w.hour, w.minute, w.second, fr, w.year, n,
                        self._word(), inst)
            else:
                text = "%04d/%02d/%02d %02d:%02d:%02d [error] %d#%d: *%d " \
                    "open() failed%s truth=%d" % (
                        w.year, w.month, w.day, w.hour, w.minute,
                        w.second, 812, 812, n, self._word(), inst)
            return text, inst
        if f == "epoch-ms":
            inst = self._trunc(inst, 3)
            return "%d msg req=%d%s truth=%d" % (
                inst // 1_000_000, n, self._word(), inst), inst
        if f == "epoch":
            nd = self.epoch_digits
            inst = self._trunc(inst, nd)
            return "%d%s msg req=%d%s truth=%d" % (
                inst // NS, self._frac(inst, nd), n, self._word(),
                inst), inst
        raise ValueError(f)

    def cont_line(self, d):
        rng = self.rng
        r = rng.random()
        if r < 0.01:
            # Longer than the smallest windows.
            return "    payload " + "x" * rng.randrange(3000, 20000) + \
                self._word()
        if r < 0.05:
            return ""
        if r < 0.1:
            return "Caused by: java.io.IOException: broken pipe%s" % (
                self._word())
        return "    at com.example.Frame%d.call(Frame.java:%d)%s" % (
            d, rng.randrange(1000), self._word())

    def step(self):
        """Advance the clock: small steps, ties, jumps, and (unsorted)
        entries from the past."""
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            dt = 0
        elif r < 0.97:
            dt = rng.randrange(0, 5 * NS)
        else:
            dt = rng.randrange(0, 6 * 3600 * NS)
        self.t += dt
        inst = self.t
        if self.unsorted and rng.random() < 0.25:
            inst -= rng.randrange(0, 900 * NS)
        return inst

    def entries(self, count):
        """count entries (lines of their own and continuation lines)."""
        out = []
        rng = self.rng
        deep = rng.random() < 0.3
        while count > 0:
            text, inst = self.entry_line(self.step())
            if text is None:
                self.t += 3600 * NS
                continue
            out.append(Line(text, inst))
            count -= 1
            if rng.random() < (0.5 if deep else 0.15):
                for d in range(rng.randrange(1, 12 if deep else 5)):
                    out.append(Line(self.cont_line(d), None))
        return out


# ---- the log and its truth -------------------------------------------------

class Log:
    def __init__(self, path, crlf):
        self.path = path
        self.crlf = crlf
        self.lines = []

    def eol(self):
        return "\r\n" if self.crlf else "\n"

    def line_bytes(self, ln):
        s = ln.text + (self.eol() if ln.nl else "")
        return s.encode()

    def write_all(self):
        with open(self.path, "wb") as f:
            for ln in self.lines:
                f.write(self.line_bytes(ln))

    def append(self, new, partial_last):
        """Append lines new (completing an unterminated last line first)
        and write only the new bytes, as a logger would."""
        data = []
        if self.lines and not self.lines[-1].nl:
            last = self.lines[-1]
            suffix = " (continued)"
            last.text += suffix
            last.nl = True
            data.append((suffix + self.eol()).encode())
        for ln in new:
            self.lines.append(ln)
            data.append(self.line_bytes(ln))
        # (An empty last line without a newline is no line at all.)
        if partial_last and self.lines and new and self.lines[-1].text:
            self.lines[-1].nl = False
            data[-1] = self.line_bytes(self.lines[-1])
        with open(self.path, "ab") as f:
            f.write(b"".join(data))

    def entry_times(self):
        """Each line's entry instant: its own, else the last one before it
        (None before the first timestamp)."""
        cur = None
        out = []
        for ln in self.lines:
            if ln.own is not None:
                cur = ln.own
            out.append(cur)
        return out


def selected(log, since, until, lfrom, lto):
    """Line numbers (1-based) of the lines the window selects."""
    sel = []
    for i, t in enumerate(log.entry_times(), 1):
        if lfrom is not None and (i < lfrom or i > lto):
            continue
        if since is None and until is None and lfrom is not None:
            sel.append(i)
            continue
        if t is None:
            continue
        if since is not None and t < since:
            continue
        if until is not None and t >= until:
            continue
        sel.append(i)
    return sel


def want_slice(log, sel):
    out = b"".join(log.line_bytes(log.lines[i - 1]) for i in sel)
    return out, 0 if sel else 1


def grep_model(texts, sel, pat, invert, number, count, maxc, after, before,
               separators):
    """GNU grep's output over the lines sel (1-based numbers into texts, in
    order): context does not reach across a gap in sel, and "--" goes
    before a line that does not follow the last one printed."""
    out = []
    nsel = 0
    last = None        # number of the last line printed
    pending = 0        # -A lines still to print
    maxed = False
    prev = None
    run = []           # lines of the current run of sel so far
    for i in sel:
        if prev is not None and i != prev + 1:
            pending = 0
            run = []
        prev = i
        text = texts[i - 1]
        hit = (pat in text) != invert
        if maxed:
            if pending > 0 and not count:
                if separators and last is not None and i != last + 1:
                    out.append("--\n")
                out.append(("%d-" % i if number else "") + text + "\n")
                last = i
                pending -= 1
                run.append(i)
                continue
            break
        if hit:
            nsel += 1
            if not count:
                ctx = [j for j in run[max(0, len(run) - before):] if before and
                       (last is None or j > last)]
                for j in ctx:
                    if separators and last is not None and j != last + 1:
                        out.append("--\n")
                    out.append(("%d-" % j if number else "") +
                               texts[j - 1] + "\n")
                    last = j
                if separators and last is not None and i != last + 1:
                    out.append("--\n")
                out.append(("%d:" % i if number else "") + text + "\n")
                last = i
                pending = after
            if maxc is not None and nsel >= maxc:
                maxed = True
                if count or pending == 0:
                    break
        elif pending > 0 and not count:
            if separators and last is not None and i != last + 1:
                out.append("--\n")
            out.append(("%d-" % i if number else "") + text + "\n")
            last = i
            pending -= 1
        run.append(i)
    if count:
        out = ["%d\n" % nsel]
    return "".join(out).encode(), 0 if nsel else 1


# ---- running logscan ------------------------------------------------------

def fmt_time(ns):
    d = EPOCH + datetime.timedelta(seconds=ns // NS)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ" % (
        d.year, d.month, d.day, d.hour, d.minute, d.second, ns % NS)


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.files = 0
        self.queries = 0
        self.findings = 0
        self.selfchecks = 0
        self.swaps = 0
        self.saved = 0
        self.zones = all_zones()

    def env(self, zone):
        e = dict(os.environ)
        e["LC_ALL"] = "C"
        e["TZ"] = zone
        e["LOGSCAN_CONFIG"] = "/dev/null"
        return e

    def run(self, argv, env):
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=120)
        return p.stdout, p.returncode, p.stderr

    def finding(self, log, label, argv, want, wrc, got, grc, err, zone):
        self.findings += 1
        msg = "FINDING %d (%s): TZ=%s %s\n  exit %d, wanted %d" % (
            self.findings, label, zone, " ".join(argv), grc, wrc)
        if err:
            msg += "\n  stderr: " + err.decode(errors="replace")[:300]
        print(msg, flush=True)
        if self.saved >= 20 or not self.args.out:
            return
        self.saved += 1
        d = os.path.join(self.args.out, "finding-%d" % self.findings)
        os.makedirs(d, exist_ok=True)
        shutil.copy(log.path, os.path.join(d, "f.log"))
        idx = log.path + ".lsidx"
        if os.path.exists(idx):
            shutil.copy(idx, os.path.join(d, "f.log.lsidx"))
        with open(os.path.join(d, "cmd"), "w") as f:
            f.write("TZ=%s %s\n# %s: exit %d, wanted %d\n" % (
                zone, " ".join(argv), label, grc, wrc))
        with open(os.path.join(d, "want"), "wb") as f:
            f.write(want)
        with open(os.path.join(d, "got"), "wb") as f:
            f.write(got)
        with open(os.path.join(d, "stderr"), "wb") as f:
            f.write(err)

    def query(self, log, zone, label, lines_only=False, note_ok=False):
        """One random query, compared with the truth.  lines_only: a
        --lines query without times; note_ok: stderr may hold the notes
        that the index is stale (a changed group was seen), nothing
        else."""
        rng = self.rng
        ls = self.args.logscan
        times = [ln.own for ln in log.lines
                 if ln.own is not None and abs(ln.own) < LATE]
        nlines = len(log.lines)
        since = until = lfrom = lto = None
        kind = 1.0 if lines_only else rng.random()
        if kind < 0.85 and times:
            def pick():
                t = rng.choice(times)
                r = rng.random()
                if r < 0.4:
                    return t
                if r < 0.6:
                    return t + rng.choice([-1, 1])
                return t + rng.randrange(-600 * NS, 600 * NS)
            a, b = pick(), pick()
            if a > b:
                a, b = b, a
            since, until = a, b
            if rng.random() < 0.15:
                since = None
            elif rng.random() < 0.15:
                until = None
            if rng.random() < 0.25 and nlines:
                lfrom = rng.randrange(1, nlines + 1)
                lto = rng.randrange(lfrom, nlines + 1)
        else:
            lfrom = rng.randrange(1, nlines + 2)
            lto = rng.randrange(lfrom, nlines + 3)
        opts = []
        if since is not None:
            opts += ["--since", fmt_time(since)]
        if until is not None:
            opts += ["--until", fmt_time(until)]
        if lfrom is not None:
            opts += ["--lines", "%d:%d" % (lfrom, lto)]
        if rng.random() < 0.7:
            opts += ["--window-size",
                     rng.choice(["4K", "4K", "8K", "12K", "64K", "1M"])]
        if label == "never":
            opts += ["--index=never"]
        if since is None and until is None and lfrom is None:
            return
        sel = selected(log, since, until, lfrom, lto)
        if rng.random() < 0.35:
            argv = [ls, "slice"] + opts + [log.path]
            want, wrc = want_slice(log, sel)
        else:
            gopts, model = self.grep_opts()
            argv = [ls, "grep"] + gopts + opts + ["MATCH", log.path]
            texts = [ln.text + ("\r" if log.crlf and ln.nl else "")
                     for ln in log.lines]
            want, wrc = grep_model(texts, sel, "MATCH", **model)
        self.queries += 1
        got, grc, err = self.run(argv, self.env(zone))
        if note_ok:
            err = b"".join(ln for ln in err.splitlines(True)
                           if b" is stale: group " not in ln or
                           b"changed since it was indexed; " not in ln)
        if got != want or grc != wrc or err:
            self.finding(log, label, argv, want, wrc, got, grc, err, zone)

    def grep_opts(self):
        rng = self.rng
        o = []
        m = dict(invert=False, number=False, count=False, maxc=None,
                 after=0, before=0, separators=False)
        if rng.random() < 0.5:
            o.append("-n")
            m["number"] = True
        if rng.random() < 0.2:
            o.append("-v")
            m["invert"] = True
        if rng.random() < 0.15:
            o.append("-c")
            m["count"] = True
        if rng.random() < 0.25:
            k = rng.randrange(1, 6)
            o += ["-m", str(k)]
            m["maxc"] = k
        r = rng.random()
        if r < 0.2:
            k = rng.randrange(0, 4)
            o += ["-A", str(k)]
            m["after"] = k
            m["separators"] = True
        elif r < 0.4:
            k = rng.randrange(0, 4)
            o += ["-B", str(k)]
            m["before"] = k
            m["separators"] = True
        elif r < 0.6:
            k = rng.randrange(0, 4)
            o += ["-C", str(k)]
            m["after"] = m["before"] = k
            m["separators"] = True
        return o, m

    def selfcheck(self, log):
        """The grep model against GNU grep on the whole file."""
        gopts, model = self.grep_opts()
        texts = [ln.text + ("\r" if log.crlf and ln.nl else "")
                 for ln in log.lines]
        want, wrc = grep_model(texts, list(range(1, len(texts) + 1)),
                               "MATCH", **model)
        got, grc, err = self.run(["grep", "-a"] + gopts + ["MATCH",
                                                             log.path],
                                 self.env("UTC"))
        self.selfchecks += 1
        if got != want or grc != wrc:
            print("MODEL DISAGREES WITH GNU GREP: grep %s on %s" % (
                " ".join(gopts), log.path), flush=True)
            self.findings += 1

    def index_used(self, log, zone, state):
        """Whether a time query uses the index in the given state (fresh or
        appended): else the indexed answers above test nothing."""
        times = [ln.own for ln in log.lines
                 if ln.own is not None and abs(ln.own) < LATE]
        if not times:
            return
        argv = [self.args.logscan, "grep", "--stats", "-c", "--since",
                fmt_time(min(times)), "MATCH", log.path]
        out, rc, err = self.run(argv, self.env(zone))
        if ("index %s " % state).encode() not in err:
            self.finding(log, "index not used (%s)" % state, argv, b"", 0,
                         out, rc, err, zone)

    def groups(self, log, group_lines, group_bytes=256 << 10):
        """First line numbers of the index's groups, by the cutting rule
        of doc/index-format.md."""
        starts = [1] if log.lines else []
        g = k = pos = 0
        size = sum(len(log.line_bytes(ln)) for ln in log.lines)
        for i, ln in enumerate(log.lines, 1):
            pos += len(log.line_bytes(ln))
            if not ln.nl:
                break
            k += 1
            if pos < size and (k >= group_lines or pos - g >= group_bytes):
                starts.append(i + 1)
                g = pos
                k = 0
        return starts

    def swap_edge(self, log, zone, group_lines):
        """Swap the two lines either side of a random group edge in place
        (same size, same inode) and put the mtime back: what the index's
        identity cannot see.  Line queries must stay exact (the changed
        group's check is verified before it is used), and `logscan
        index` must rebuild rather than keep the index."""
        rng = self.rng
        edges = [L for L in self.groups(log, group_lines)[1:]
                 if L <= len(log.lines) and log.lines[L - 1].nl]
        if not edges:
            return False
        L = rng.choice(edges)
        a, b = log.lines[L - 2], log.lines[L - 1]
        if log.line_bytes(a) == log.line_bytes(b):
            return False
        st = os.stat(log.path)
        log.lines[L - 2], log.lines[L - 1] = b, a
        with open(log.path, "r+b") as f:
            for ln in log.lines:
                f.write(log.line_bytes(ln))
        os.utime(log.path, ns=(st.st_atime_ns, st.st_mtime_ns))
        if os.stat(log.path).st_size != st.st_size:
            raise RuntimeError("swap changed the size")
        self.swaps += 1
        return True

    def index(self, log, zone, group_lines):
        argv = [self.args.logscan, "index", "--group-lines",
                str(group_lines), log.path]
        out, rc, err = self.run(argv, self.env(zone))
        if rc != 0:
            self.finding(log, "index", argv, b"", 0, out, rc, err, zone)
            return False
        return True

    def one_file(self, seed, work):
        rng = self.rng = random.Random(seed)
        fmt = rng.choice(FORMATS)
        zone = rng.choice(self.zones) if fmt in LOCAL else "UTC"
        crlf = rng.random() < 0.1
        g = Gen(rng, fmt, zone, crlf)
        path = os.path.join(work, "f%d.log" % seed)
        log = Log(path, crlf)
        if rng.random() < 0.2:
            for _ in range(rng.randrange(1, 4)):
                log.lines.append(Line("starting up, no time here%s" %
                                      g._word(), None))
        size = rng.randrange(1, self.args.max_lines)
        log.lines += g.entries(size)
        if rng.random() < 0.1:
            # A UTF-8 byte-order mark before the first line.
            log.lines[0].text = "\ufeff" + log.lines[0].text
        if rng.random() < 0.3 and log.lines[-1].text:
            log.lines[-1].nl = False
        log.write_all()
        self.files += 1
        q = self.args.queries
        self.selfcheck(log)
        for _ in range(q):
            self.query(log, zone, "never")
        gl = rng.choice([1, 2, 3, 7, 16, 64, 100, 1000,
                         rng.randrange(1, 300)])
        if not self.index(log, zone, gl):
            return
        self.index_used(log, zone, "fresh")
        for _ in range(q):
            self.query(log, zone, "index")
        if rng.random() < 0.4 and self.swap_edge(log, zone, gl):
            for _ in range(q):
                self.query(log, zone, "swapped", lines_only=True,
                           note_ok=True)
            if not self.index(log, zone, gl):
                return
            self.index_used(log, zone, "fresh")
            for _ in range(q):
                self.query(log, zone, "swapped-reindexed")
        for _ in range(rng.randrange(1, 3)):
            log.append(g.entries(rng.randrange(1, 60)),
                       rng.random() < 0.3)
            self.index_used(log, zone, "appended")
            for _ in range(q):
                self.query(log, zone, "appended")
            if rng.random() < 0.6:
                if not self.index(log, zone, gl):
                    return
                self.index_used(log, zone, "fresh")
                for _ in range(q):
                    self.query(log, zone, "reindexed")
        os.unlink(path)
        if os.path.exists(path + ".lsidx"):
            os.unlink(path + ".lsidx")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--logscan", required=True)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--files", type=int, default=None)
    ap.add_argument("--time", type=float, default=None,
                    help="run for this many seconds")
    ap.add_argument("--queries", type=int, default=6,
                    help="queries per file and state")
    ap.add_argument("--max-lines", type=int, default=400)
    ap.add_argument("--file-seed", type=int, default=None,
                    help="run the one file of this seed (from a finding)")
    ap.add_argument("--out", default=None,
                    help="directory for findings")
    args = ap.parse_args()
    if args.files is None and args.time is None:
        args.files = 10
    seed = args.seed if args.seed is not None else \
        random.SystemRandom().randrange(1 << 31)
    fz = Fuzzer(args)
    t0 = time.monotonic()
    work = tempfile.mkdtemp(prefix="fuzz-windows.")
    i = 0
    try:
        while True:
            if args.files is not None and i >= args.files:
                break
            if args.time is not None and time.monotonic() - t0 >= args.time:
                break
            fseed = seed * 1_000_003 + i
            if args.file_seed is not None:
                fseed = args.file_seed
                args.files = 1
            before = fz.findings
            fz.one_file(fseed, work)
            if fz.findings != before:
                print("  (file seed %d)" % fseed, flush=True)
            i += 1
            if args.time is not None and i % 50 == 0:
                print("fuzz_windows: progress: %d files, %d queries, "
                      "%d findings, %.0f s" % (fz.files, fz.queries,
                                                fz.findings,
                                                time.monotonic() - t0),
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("fuzz_windows: seed %d: %d files, %d queries, %d grep-model "
          "self-checks, %d in-place edge swaps, %d findings, %.1f s" % (
              seed, fz.files, fz.queries, fz.selfchecks, fz.swaps,
              fz.findings, time.monotonic() - t0), flush=True)
    return 1 if fz.findings else 0


if __name__ == "__main__":
    sys.exit(main())
