/*
 * color.h - the SGR colours of grep's output, as GNU grep reads them from
 * GREP_COLORS (and the deprecated GREP_COLOR).
 *
 * A palette holds, for each capability, the escape sequence that starts
 * it ("" when the capability is empty: that part is printed plain), and
 * the sequence that ends any of them.
 */
#ifndef LOGSCAN_COLOR_H
#define LOGSCAN_COLOR_H

/* When grep's output is coloured (--color, the config's color). */
enum color_mode { COLOR_AUTO = 0, COLOR_NEVER, COLOR_ALWAYS };

/*
 * Read a color_mode word ("auto", "always", "never"), as the command line
 * and the config file share them.  Stores it and returns 0, or returns -1
 * (leaving *out alone) when s is not one of them; the caller words the
 * error.
 */
int color_mode_parse(const char *s, enum color_mode *out);

enum color_cap {
	COLOR_MS, /* matched text in a selected line (01;31) */
	COLOR_MC, /* matched text in a context line (01;31) */
	COLOR_SL, /* the rest of a selected line (empty) */
	COLOR_CX, /* the rest of a context line (empty) */
	COLOR_FN, /* file names (35) */
	COLOR_LN, /* line numbers (32) */
	COLOR_BN, /* byte offsets (32) */
	COLOR_SE, /* separators: ':', '-', '--' (36) */
	COLOR_NCAPS
};

typedef struct palette palette;

/*
 * A palette with grep's defaults, then the legacy variable legacy (the
 * value of GREP_COLOR, or NULL) and then GREP_COLORS' value colors (or
 * NULL) laid over them, as GNU grep 3.8 does: GREP_COLOR sets ms and mc
 * when it is only digits and ';', GREP_COLORS wins over it, and a
 * malformed GREP_COLORS is read up to its first bad entry.  Never fails
 * (allocation failure exits).  Free with palette_free().
 */
palette *palette_open(const char *legacy, const char *colors);

/* Free a palette; accepts NULL. */
void palette_free(palette *p);

/* The sequence that starts cap: "" when cap is empty. */
const char *palette_start(const palette *p, enum color_cap cap);

/* The sequence that ends a coloured part ("\33[m\33[K", or "\33[m" with
 * GREP_COLORS' ne). */
const char *palette_end(const palette *p);

/* Whether GREP_COLORS asked for rv: with -v, sl and cx swap. */
int palette_rv(const palette *p);

/*
 * Whether the deprecated GREP_COLOR took effect (GREP_COLORS did not set
 * ms or mc over it): GNU grep 3.8 then warns that it is deprecated.
 */
int palette_legacy_used(const palette *p);

#endif
