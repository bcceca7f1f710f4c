#!/bin/sh
# Trust (issue 19): an index someone other than the user, root or the
# log's owner could have written is never believed.  Run as root, with
# files made by nobody (skipped with a message where that is impossible).
. "$top_srcdir/tests/cli/lib.sh"

need_other_user
cd "$T" || exit 2
export XDG_CACHE_HOME="$T/cache"
since='--since 2026-03-01T10:00:00Z --until 2026-03-01T10:30:00Z'

# 1. nobody's index in a sticky world-writable directory is ignored with
#    one warning, and the answer comes from the log.
mkdir -m 1777 sec
echo '2026-03-01T10:00:01Z ERROR b' >sec/app.log
$AS_NOBODY "$LOGSCAN" index sec/app.log 2>err || fail "nobody's index"
checks=$((checks + 1))
[ "$(stat -c %u sec/app.log.lsidx)" = 65534 ] ||
    fail "the index is not nobody's"
expect_status 0 "grep with nobody's index" \
    "$LOGSCAN" grep --stats $since ERROR sec/app.log
expect_grep out '^2026-03-01T10:00:01Z ERROR b$' "the line is found"
expect_grep err \
    '^logscan: sec/app.log.lsidx: owned by uid 65534, not trusted; reading the log directly$' \
    "the warning"
checks=$((checks + 1))
[ "$(grep -c 'reading the log directly' err)" -eq 1 ] ||
    fail "one warning, not $(grep -c 'reading the log directly' err)"
expect_status 0 "slice with nobody's index" \
    "$LOGSCAN" slice $since sec/app.log
expect_grep out 'ERROR b' "slice finds the line"
expect_grep err 'owned by uid 65534, not trusted; reading the log directly$' \
    "slice warns"
expect_status 0 "info" "$LOGSCAN" info sec/app.log
expect_grep out '^  owner: 65534$' "info: owner"
expect_grep out '^  trusted: false$' "info: not trusted"
expect_grep out '^  freshness: untrusted$' "info: freshness untrusted"

# 2. root's index does not overwrite nobody's file: it goes to the cache,
#    and is the one used from then on.
cp sec/app.log.lsidx saved.lsidx
expect_status 0 "root indexes" "$LOGSCAN" index --stats sec/app.log
expect_grep err "index $T/cache/logscan/app\\.log\\.[0-9a-f]{16}\\.lsidx" \
    "root's index is in the cache"
expect_same sec/app.log.lsidx saved.lsidx "nobody's file is untouched"
expect_status 0 "grep uses root's index" \
    "$LOGSCAN" grep --stats $since ERROR sec/app.log
expect_grep err "index fresh $T/cache/logscan/" "root's cache index is used"
expect_grep out 'ERROR b' "and the answer is right"
checks=$((checks + 1))
grep -q 'not trusted' err && fail "no warning once a trusted index answers"
expect_status 0 "info, root's" "$LOGSCAN" info sec/app.log
expect_grep out '^  owner: 0$' "info: root's index"
expect_grep out '^  trusted: true$' "info: trusted"
rm -rf cache

# 3. An index writable by group or others is ignored, even root's own.
mkdir own
echo '2026-03-01T10:00:01Z ERROR c' >own/app.log
"$LOGSCAN" index own/app.log || fail "index own"
chmod 666 own/app.log.lsidx
expect_status 0 "world-writable index" "$LOGSCAN" slice $since own/app.log
expect_grep out 'ERROR c' "answer from the log"
expect_grep err '^logscan: own/app.log.lsidx: writable by group or others, not trusted; reading the log directly$' \
    "world-writable warning"
chmod 640 own/app.log.lsidx
chmod g+w own/app.log.lsidx
expect_status 0 "group-writable index" "$LOGSCAN" slice $since own/app.log
expect_grep err 'writable by group or others, not trusted' \
    "group-writable warning"
# ... and index replaces our own untrusted file in place.
expect_status 0 "index replaces it" "$LOGSCAN" index own/app.log
expect_grep err 'writable by group or others, not trusted; replacing it$' \
    "index says it replaces it"
expect_status 0 "slice after" "$LOGSCAN" slice --stats $since own/app.log
expect_grep err 'index fresh own/app.log.lsidx' "replaced index is used"

# 4. A directory writable by others without the sticky bit: not trusted.
mkdir -m 777 open
echo '2026-03-01T10:00:01Z ERROR d' >open/app.log
"$LOGSCAN" index open/app.log 2>err || fail "index in a 0777 directory"
checks=$((checks + 1))
[ -e open/app.log.lsidx ] && fail "an index was written where it is not trusted"
expect_status 0 "query, 0777 dir" "$LOGSCAN" slice --stats $since open/app.log
expect_grep err "index fresh $T/cache/logscan/" "the cache index is used"
rm -rf cache
cp own/app.log.lsidx open/app.log.lsidx 2>/dev/null
"$LOGSCAN" index --index-dir open/idx own/app.log 2>/dev/null
chmod 777 open/idx
expect_status 0 "--index-dir 0777" \
    "$LOGSCAN" slice --index-dir open/idx $since own/app.log
expect_grep err '^logscan: open/idx: index directory writable by group or others without the sticky bit; its indexes are not trusted$' \
    "--index-dir warning"
expect_grep err 'in a directory writable by group or others without the sticky bit, not trusted; reading the log directly$' \
    "an index there is not believed"
expect_grep out 'ERROR c' "and the answer is right"

# 5. The log owner's index is used.
mkdir -m 1777 lo
echo '2026-03-01T10:00:01Z ERROR e' >lo/app.log
chown 65534 lo/app.log
$AS_NOBODY "$LOGSCAN" index lo/app.log || fail "nobody indexes its own log"
expect_status 0 "log owner's index" "$LOGSCAN" slice --stats $since lo/app.log
expect_grep err 'index fresh lo/app.log.lsidx' "the log owner's index is used"
expect_grep out 'ERROR e' "answer"
checks=$((checks + 1))
grep -q 'not trusted' err && fail "no warning for the log owner's index"

# 6. A crafted index (valid checksums, time bounds that exclude the line)
#    owned by another user does not hide the line.  Build it from a log of
#    the same size, inode, mtime, head and tail, whose middle line has an
#    old time; then put the real line back.
mkdir -m 1777 cr
{
	i=0
	while [ $i -lt 200 ]; do echo "2026-03-01T09:00:00Z INFO filler line $i"; i=$((i + 1)); done
	echo '2020-01-01T00:00:00Z INFO quiet'
	i=0
	while [ $i -lt 200 ]; do echo "2026-03-01T11:00:00Z INFO filler line $i"; i=$((i + 1)); done
} >cr/app.log
touch -d '2026-03-01 12:00' cr/app.log
"$LOGSCAN" index --group-lines 1 cr/app.log || fail "crafting"
sed 's/^2020-01-01T00:00:00Z INFO quiet$/2026-03-01T10:00:01Z ERROR hide/' \
    cr/app.log >crafted.tmp
cat crafted.tmp >cr/app.log   # same inode, same size
touch -d '2026-03-01 12:00' cr/app.log
# Owned by root the crafted index is believed: this is what it would hide.
expect_status 1 "crafted, root's" "$LOGSCAN" grep $since ERROR cr/app.log
chown 65534 cr/app.log.lsidx
expect_status 0 "crafted, nobody's" "$LOGSCAN" grep $since ERROR cr/app.log
expect_grep out '^2026-03-01T10:00:01Z ERROR hide$' "the line is not hidden"
expect_grep err 'owned by uid 65534, not trusted' "crafted: warning"

# 7. Symbolic links at the index name never redirect a write.
mkdir ln
echo '2026-03-01T10:00:01Z ERROR f' >ln/app.log
echo precious >target
cp target target.saved
ln -s "$T/target" ln/app.log.lsidx
expect_status 0 "index over a link" "$LOGSCAN" index ln/app.log
expect_same target target.saved "the link's target is untouched"
checks=$((checks + 1))
[ -f ln/app.log.lsidx ] && [ ! -L ln/app.log.lsidx ] ||
    fail "the link was not replaced by an index"
# nobody's link in a sticky directory is not ours to replace.
mkdir -m 1777 ln2
echo '2026-03-01T10:00:01Z ERROR g' >ln2/app.log
$AS_NOBODY ln -s "$T/target" ln2/app.log.lsidx
expect_status 0 "index beside nobody's link" "$LOGSCAN" index --stats ln2/app.log
expect_same target target.saved "nobody's link's target is untouched"
checks=$((checks + 1))
[ -L ln2/app.log.lsidx ] || fail "nobody's link was replaced"
expect_grep err "index $T/cache/logscan/" "root's index went to the cache"

# 8. An index root owns but nobody cannot read is "unreadable" to nobody.
mkdir -m 755 ur
echo '2026-03-01T10:00:01Z ERROR h' >ur/app.log
chmod 644 ur/app.log
"$LOGSCAN" index ur/app.log
chmod 600 ur/app.log.lsidx
$AS_NOBODY "$LOGSCAN" info ur/app.log >out 2>err
expect_grep out '^  freshness: unreadable$' "unreadable to nobody"
expect_grep out '^  size: null$' "no size for an unreadable index"

# 9. A config another user owns, or anyone can write, is refused.
printf 'defaults:\n  index: never\n' >cfg.yaml
chown 65534 cfg.yaml
expect_status 2 "nobody's config" "$LOGSCAN" config --config cfg.yaml
expect_grep err "^logscan: cfg.yaml: config file \\(given with --config\\): owned by uid 65534, not trusted; not reading it$" \
    "config owner message"
chown 0 cfg.yaml
chmod 666 cfg.yaml
expect_status 2 "world-writable config" "$LOGSCAN" slice --config cfg.yaml \
    $since own/app.log
expect_grep err "^logscan: cfg.yaml: config file \\(given with --config\\): writable by group or others, not trusted; not reading it$" \
    "config mode message"
chmod 644 cfg.yaml
expect_status 0 "root's config" "$LOGSCAN" config --config cfg.yaml
mkdir -m 777 cfgdir
cp cfg.yaml cfgdir/c.yaml
expect_status 2 "config in a 0777 directory" \
    "$LOGSCAN" config --config cfgdir/c.yaml
expect_grep err "^logscan: cfgdir/c.yaml: config file \\(given with --config\\): in a directory writable by group or others without the sticky bit, not trusted; not reading it$" \
    "config directory message"
finish
