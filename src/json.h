/*
 * json.h - the bytes of JSON text: strings escaped as ripgrep's --json
 * escapes them (serde_json's rules), a strict UTF-8 check that says when
 * data must go out as base64 instead, and base64 itself.
 *
 * Why not a packaged JSON library (jansson, json-c, yajl, cJSON): they
 * build a tree per message and refuse (or mangle) bytes that are not
 * UTF-8, while --json must stream millions of lines through one buffer
 * and say {"bytes": base64} for exactly the lines ripgrep would.  Three
 * small functions with exhaustive tests are the smaller thing to trust.
 */
#ifndef LOGSCAN_JSON_H
#define LOGSCAN_JSON_H

#include <stddef.h>

#include "output.h"

/*
 * Whether s[0, n) is valid UTF-8 as Unicode defines it: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
 * sequence cut short.  (What Rust's str accepts: the same lines go out as
 * "text" in logscan and ripgrep.)
 */
int json_utf8_valid(const char *s, size_t n);

/*
 * Escape s[0, n) for the inside of a JSON string into dst, which must
 * hold JSON_ESCAPE_MAX(n) bytes; returns the length written (no NUL).
 * '"' and '\\' are backslashed; \b \f \n \r \t get their short forms;
 * the other bytes below 0x20 become \u00XX (lowercase hex); every other
 * byte, DEL and UTF-8 sequences included, is copied as it is.
 */
#define JSON_ESCAPE_MAX(n) ((n) * 6)
size_t json_escape(char *dst, const char *s, size_t n);

/*
 * Base64 (RFC 4648, with '=' padding) of s[0, n) into dst, which must
 * hold JSON_BASE64_MAX(n) bytes; returns the length written.
 */
#define JSON_BASE64_MAX(n) (((n) + 2) / 3 * 4)
size_t json_base64(char *dst, const unsigned char *s, size_t n);

/* Write s[0, n) to o as a JSON string, quotes included.  Returns as
 * output_write(). */
int json_put_string(output *o, const char *s, size_t n);

/*
 * Write s[0, n) to o as ripgrep's "arbitrary data" object: {"text":"..."}
 * when it is valid UTF-8, else {"bytes":"BASE64"}.  Returns as
 * output_write().
 */
int json_put_data(output *o, const char *s, size_t n);

#endif
