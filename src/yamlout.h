/*
 * yamlout.h - the one rule for how `logscan info` and `logscan config`
 * write a string as a YAML scalar, so that every YAML parser (libyaml,
 * PyYAML's YAML 1.1 resolvers, YAML 1.2 parsers) reads back the same
 * string, and the exact bytes of a name that is not UTF-8.
 */
#ifndef LOGSCAN_YAMLOUT_H
#define LOGSCAN_YAMLOUT_H

#include <yaml.h>

/*
 * The style to emit s in: double-quoted when a YAML 1.1 or 1.2 resolver
 * could read it plain as something other than a string (empty; starting
 * with a digit, '+', '-' or '.': a number, a date, .inf; null, ~, a
 * boolean word in any case; the merge key "<<" or the value key "="),
 * else YAML_ANY_SCALAR_STYLE: libyaml then writes it plain only when it
 * reads back as it is, and quotes and escapes it otherwise (":", "#",
 * quotes, line breaks and control characters).
 */
yaml_scalar_style_t yamlout_style(const char *s);

/* 1 when s is well-formed UTF-8 (YAML text must be), else 0. */
int yamlout_is_utf8(const char *s);

/*
 * The bytes of s in base64 (RFC 4648, padded), for a "*_bytes" key next
 * to a name that is not UTF-8 (whose YAML text has U+FFFD in place of the
 * bytes that are not).  Newly allocated; the caller frees it.
 */
char *yamlout_base64(const char *s);

#endif
