/*
 * posixre.c - translate GNU grep's BRE and ERE into PCRE2 patterns.
 *
 * One pass over the pattern, token by token, as glibc's regcomp reads it
 * under grep's syntax bits (RE_SYNTAX_GREP and RE_SYNTAX_EGREP, which GNU
 * grep 3.8 uses for -G and -E): each token becomes its PCRE2 spelling,
 * and literal characters are escaped so that PCRE2 reads them as
 * themselves (a backslash before punctuation, \x{..} for control bytes).
 * The output buffer is sized once, from the pattern's length: no token
 * writes more than eight bytes per byte it reads.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posixre.h"
#include "util.h"

/* glibc's RE_DUP_MAX: the largest count an interval may name. */
#define DUP_MAX 32767

/* glibc's messages, which GNU grep prints. */
#define E_CTYPE "Invalid character class name"
#define E_COLLATE "Invalid collation character"
#define E_ESCAPE "Trailing backslash"
#define E_SUBREG "Invalid back reference"
#define E_BRACK "Unmatched [, [^, [:, [., or [="
#define E_PAREN "Unmatched ( or \\("
#define E_RPAREN "Unmatched ) or \\)"
#define E_BRACE "Unmatched \\{"
#define E_BADBR "Invalid content of \\{\\}"
#define E_RANGE "Invalid range end"
#define E_SIZE "Regular expression too big"
#define E_CLASS_SYNTAX "character class syntax is [[:space:]], not [:space:]"

/* The escapes that mean the same in both dialects: a backslash and this
 * letter become pcre; anchors take no repetition after them. */
static const struct {
	char c;
	const char *pcre;
	int anchor;
} escapes[] = {
    {'<', "\\b(?=\\w)", 1}, {'>', "\\b(?<=\\w)", 1}, {'b', "\\b", 1},
    {'B', "\\B", 1},        {'`', "^", 1},           {'\'', "$", 1},
    {'w', "\\w", 0},        {'W', "\\W", 0},         {'s', "\\s", 0},
    {'S', "\\S", 0},
};

/* The classes POSIX names, which PCRE2 spells the same way. */
static const char *const classes[] = {
    "alpha", "upper", "lower", "digit", "xdigit", "space",
    "print", "punct", "graph", "cntrl", "blank",  "alnum",
};

/* Where a repetition would apply. */
enum ctx {
	CTX_START, /* nothing to repeat: start of the pattern, a group or an
	              alternative, or just after an anchor */
	CTX_ATOM   /* after an atom */
};

struct tr {
	const unsigned char *p;
	size_t n, i;
	int ere, utf;
	char *o; /* the output, cap bytes */
	size_t len, cap;
	enum ctx ctx;
	int bre_start;  /* a BRE's '^' here is an anchor */
	size_t atom;    /* output offset of the last atom */
	int nquant;     /* repetitions applied to it so far */
	size_t qpos;    /* output offset of its last one, if a single byte */
	char qchar;     /* and that byte ('*', '+', '?'), or 0 */
	size_t *open;   /* input offsets of the open groups */
	size_t *oopen;  /* output offsets of their '(' */
	size_t *number; /* their numbers */
	size_t depth, ngroups;
	uint32_t done; /* groups 1-9 that are closed (back references) */
	/* Per level of groups (0: the whole pattern), as glibc counts
	 * groups for back references: those closed when the level's
	 * alternation began, and those of its earlier alternatives. */
	uint32_t *done_init, *done_acc;
	int icase;         /* ranges are checked as under -i */
	int null_data;     /* -z: the line end is NUL, not '\n' */
	int laststart;     /* ERE: no atom but anchors since the start of the
	                      pattern, a group or an alternative (where GNU
	                      grep warns of a repetition) */
	char *warn;        /* GNU grep's warnings, each ending in '\n' */
	size_t warnlen, warnsz;
	int anchor_atom;   /* the last atom is an anchor (ERE) */
	unsigned info;
	const char *emsg;
	size_t eoff;
};

static void
put(struct tr *t, const char *s, size_t n)
{
	if (t->len + n >= t->cap)
		abort(); /* the bound of posixre.h is broken: a bug */
	memcpy(t->o + t->len, s, n);
	t->len += n;
	t->o[t->len] = '\0';
}

static void
puts_(struct tr *t, const char *s)
{
	put(t, s, strlen(s));
}

/* Append byte c so that PCRE2 reads it as itself, in a class or not:
 * its metacharacters (and '-') get a backslash, control bytes are
 * written \x{..}, and everything else stays as it is, so that regex.c
 * still sees literal text as literal. */
static void
put_byte(struct tr *t, unsigned char c)
{
	char tmp[8];

	if (c < 0x20 || c == 0x7f) {
		snprintf(tmp, sizeof(tmp), "\\x{%02x}", c);
		puts_(t, tmp);
	} else if (strchr("\\^$.[]|()?*+{}-", c) != NULL) {
		tmp[0] = '\\';
		tmp[1] = (char)c;
		put(t, tmp, 2);
	} else {
		tmp[0] = (char)c;
		put(t, tmp, 1);
	}
}

static int
fail(struct tr *t, size_t off, const char *msg)
{
	t->emsg = msg;
	t->eoff = off;
	return -1;
}

/* The length of the UTF-8 sequence that starts with c (1 when not
 * translating for UTF or when c does not start one). */
static size_t
char_len(const struct tr *t, size_t i)
{
	unsigned char c = t->p[i];
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, k;

	if (!t->utf || i + len > t->n)
		return 1;
	for (k = 1; k < len; k++)
		if ((t->p[i + k] & 0xC0) != 0x80)
			return 1;
	return len;
}

/* The code point (UTF) or byte at p[i], for range checks. */
static uint32_t
char_value(const struct tr *t, size_t i, size_t len)
{
	uint32_t v;
	size_t k;

	if (len == 1)
		return t->p[i];
	v = t->p[i] & (0x7F >> len);
	for (k = 1; k < len; k++)
		v = (v << 6) | (t->p[i + k] & 0x3F);
	return v;
}

/* A new atom starts at the current end of the output. */
static void
atom_begins(struct tr *t)
{
	t->laststart = 0;
	t->ctx = CTX_ATOM;
	t->atom = t->len;
	t->nquant = 0;
	t->qchar = 0;
	t->anchor_atom = 0;
}

/*
 * An anchor (pcre is its spelling) at the current end of the output.  In
 * a BRE nothing can be repeated after it (glibc).  In an ERE it is an
 * atom that a repetition applies to, as in GNU grep's DFA, whose answer
 * grep gives: "^*a" finds an 'a' anywhere.
 */
static void
anchor(struct tr *t, const char *pcre)
{
	if (t->ere) {
		int ls = t->laststart;

		atom_begins(t);
		t->anchor_atom = 1;
		t->laststart = ls; /* an anchor is no atom for the warning */
	} else {
		t->ctx = CTX_START;
	}
	puts_(t, pcre);
}

/* Add GNU grep's warning "WHAT at start of expression". */
static void
warning(struct tr *t, const char *what)
{
	int k;

	if (t->warn == NULL || t->warnlen >= t->warnsz)
		return;
	k = snprintf(t->warn + t->warnlen, t->warnsz - t->warnlen,
	             "%s at start of expression\n", what);
	if (k > 0 && (size_t)k < t->warnsz - t->warnlen)
		t->warnlen += (size_t)k;
	else
		t->warn[t->warnlen] = '\0'; /* no room: the whole one or none */
}

/* Append literal text p[i, i + len) as one atom. */
static void
literal(struct tr *t, size_t i, size_t len)
{
	atom_begins(t);
	if (len > 1)
		put(t, (const char *)t->p + i, len);
	else
		put_byte(t, t->p[i]);
}

/*
 * Apply a repetition (text q: "*", "{2,5}", ...) to the last atom.  A
 * second repetition applies to the first one's result: two of *, + and ?
 * make one of them, anything else wraps the atom in a group.
 */
static void
repeat(struct tr *t, const char *q)
{
	size_t ql = strlen(q);

	t->info |= POSIXRE_VARLEN;
	if (t->anchor_atom && t->nquant == 0) {
		/* PCRE2 repeats an assertion only inside a group. */
		t->nquant = 1;
		t->qchar = 0;
	}
	if (t->nquant > 0 && t->qchar != 0 && ql == 1) {
		char a = t->qchar, b = q[0];
		char c = a == b && a != '*' ? a : '*';

		t->o[t->qpos] = c;
		t->qchar = c;
		t->nquant++;
		return;
	}
	if (t->nquant > 0) {
		memmove(t->o + t->atom + 3, t->o + t->atom, t->len - t->atom);
		memcpy(t->o + t->atom, "(?:", 3);
		t->len += 3;
		put(t, ")", 1);
	}
	t->qpos = t->len;
	t->qchar = ql == 1 ? q[0] : 0;
	put(t, q, ql);
	t->nquant++;
}

/*
 * One token of an interval's numbers, as glibc's fetch_number() reads
 * it: returns the number read before a ',' or the closing brace (-1
 * none, -2 not a number), leaving *i on that token and *tok set to ','
 * '}' (the closing brace) or 0 (the end of the pattern).
 */
static long
fetch_number(const struct tr *t, size_t *i, int *tok)
{
	long num = -1;

	for (;;) {
		size_t j = *i;
		unsigned char c;
		int esc = 0;

		if (j >= t->n) {
			*tok = 0;
			return -2;
		}
		c = t->p[j];
		if (c == '\\' && j + 1 < t->n) {
			esc = 1;
			c = t->p[j + 1];
		}
		if ((t->ere && !esc && c == '}') || (!t->ere && esc && c == '}')) {
			*tok = '}';
			*i = j + 1 + (size_t)esc;
			return num;
		}
		if (c == ',') {
			*tok = ',';
			*i = j + 1 + (size_t)esc;
			return num;
		}
		if (esc || c < '0' || c > '9' || num == -2)
			num = -2;
		else
			num = num < 0 ? c - '0'
			              : (num * 10 + (c - '0') > DUP_MAX + 1
			                     ? DUP_MAX + 1
			                     : num * 10 + (c - '0'));
		*i = j + 1 + (size_t)esc;
	}
}

/*
 * An interval; t->i is just past its '{' (or "\{"), which starts at
 * off.  Returns 1 with the repetition applied, 0 when an ERE's '{'
 * is a literal character here, -1 on an error.
 */
static int
interval(struct tr *t, size_t off, int apply)
{
	size_t i = t->i;
	long min, max;
	int tok;
	char q[32];

	min = fetch_number(t, &i, &tok);
	if (min == -1) {
		if (tok != ',')
			return fail(t, off, tok == 0 && !t->ere ? E_BRACE : E_BADBR);
		min = 0;
	}
	max = min;
	if (min != -2) {
		if (tok == ',')
			max = fetch_number(t, &i, &tok);
		else if (tok != '}')
			max = -2;
	}
	if (min == -2 || max == -2) {
		if (t->ere)
			return 0;
		return fail(t, off, tok == 0 ? E_BRACE : E_BADBR);
	}
	if ((max != -1 && min > max) || tok != '}')
		return fail(t, off, E_BADBR);
	if ((max == -1 ? min : max) > DUP_MAX)
		return fail(t, off, E_SIZE);
	t->i = i;
	if (!apply)
		return 1;
	if (max == -1)
		snprintf(q, sizeof(q), "{%ld,}", min);
	else if (max == min)
		snprintf(q, sizeof(q), "{%ld}", min);
	else
		snprintf(q, sizeof(q), "{%ld,%ld}", min, max);
	if (strcmp(q, "{0,}") == 0)
		repeat(t, "*");
	else if (strcmp(q, "{1,}") == 0)
		repeat(t, "+");
	else if (strcmp(q, "{0,1}") == 0)
		repeat(t, "?");
	else
		repeat(t, q);
	return 1;
}

/*
 * A "[:name:]", "[=c=]" or "[.c.]" at p[i] in a bracket expression:
 * stores the name's place in *name and *namelen and moves *i past it.
 * Returns -1 (unmatched) when the closing delimiter is missing.
 */
static int
bracket_symbol(const struct tr *t, size_t *i, size_t *name, size_t *namelen)
{
	unsigned char delim = t->p[*i + 1];
	size_t j;

	for (j = *i + 2; j + 1 < t->n; j++)
		if (t->p[j] == delim && t->p[j + 1] == ']')
			break;
	if (j + 1 >= t->n || j - (*i + 2) >= 32)
		return -1;
	*name = *i + 2;
	*namelen = j - (*i + 2);
	*i = j + 2;
	return 0;
}

/* One element of a bracket expression. */
struct elem {
	enum { EL_CHAR, EL_CLASS, EL_EQUIV } kind;
	size_t at, len; /* EL_CHAR, EL_EQUIV: the character; EL_CLASS: the
	                   name */
	size_t start;   /* where it starts in the pattern */
};

/* Read the element at t->i; '-' only when accept_hyphen or before ']'. */
static int
bracket_elem(struct tr *t, struct elem *e, int accept_hyphen)
{
	size_t i = t->i, name, nlen, k;

	e->start = i;
	if (i >= t->n)
		return fail(t, i, E_BRACK);
	if (t->p[i] == '[' && i + 1 < t->n &&
	    (t->p[i + 1] == ':' || t->p[i + 1] == '=' || t->p[i + 1] == '.')) {
		unsigned char kind = t->p[i + 1];

		if (bracket_symbol(t, &i, &name, &nlen) < 0)
			return fail(t, e->start, E_BRACK);
		t->i = i;
		if (kind == ':') {
			for (k = 0; k < sizeof(classes) / sizeof(classes[0]); k++)
				if (strlen(classes[k]) == nlen &&
				    memcmp(classes[k], t->p + name, nlen) == 0)
					break;
			if (k == sizeof(classes) / sizeof(classes[0]))
				return fail(t, e->start, E_CTYPE);
			e->kind = EL_CLASS;
		} else {
			/* The C locale collates bytes alone. */
			if (nlen == 0 || char_len(t, name) != nlen)
				return fail(t, e->start, E_COLLATE);
			e->kind = kind == '=' ? EL_EQUIV : EL_CHAR;
		}
		e->at = name;
		e->len = nlen;
		return 0;
	}
	if (t->p[i] == '-' && !accept_hyphen &&
	    !(i + 1 < t->n && t->p[i + 1] == ']'))
		return fail(t, i, E_RANGE);
	e->kind = EL_CHAR;
	e->at = i;
	e->len = char_len(t, i);
	t->i = i + e->len;
	return 0;
}

static void
put_char(struct tr *t, const struct elem *e)
{
	if (e->len > 1)
		put(t, (const char *)t->p + e->at, e->len);
	else
		put_byte(t, t->p[e->at]);
}

/* Whether class element e is [:name:]. */
static int
class_is(const struct tr *t, const struct elem *e, const char *name)
{
	return e->len == strlen(name) &&
	       memcmp(t->p + e->at, name, e->len) == 0;
}

/* A bracket expression; t->i is just past its '['. */
static int
bracket(struct tr *t)
{
	size_t open = t->i - 1, first;
	int negate = 0, first_elem = 1;
	unsigned colon; /* grep's test for [:space:] meant as [[:space:]] */

	atom_begins(t);
	put(t, "[", 1);
	if (t->i < t->n && t->p[t->i] == '^') {
		negate = 1;
		t->i++;
		put(t, "^", 1);
	}
	first = t->i;
	colon = first < t->n && t->p[first] == ':';
	for (;;) {
		struct elem a, b;
		uint32_t lo, hi;

		if (t->i >= t->n)
			return fail(t, open, E_BRACK);
		if (t->p[t->i] == ']' && !first_elem)
			break;
		if (bracket_elem(t, &a, first_elem) < 0)
			return -1;
		first_elem = 0;
		colon &= ~2u;
		if (a.kind != EL_CLASS && a.kind != EL_EQUIV &&
		    t->i + 1 < t->n && t->p[t->i] == '-' &&
		    t->p[t->i + 1] != ']') {
			t->i++;
			if (bracket_elem(t, &b, 1) < 0)
				return -1;
			if (b.kind != EL_CHAR)
				return fail(t, b.start, E_RANGE);
			lo = char_value(t, a.at, a.len);
			hi = char_value(t, b.at, b.len);
			/* Under -i glibc checks the ends in upper case. */
			if (t->icase && lo >= 'a' && lo <= 'z')
				lo -= 32;
			if (t->icase && hi >= 'a' && hi <= 'z')
				hi -= 32;
			if (lo > hi)
				return fail(t, b.start, E_RANGE);
			if (t->icase && (lo != char_value(t, a.at, a.len) ||
			                 hi != char_value(t, b.at, b.len))) {
				put_byte(t, (unsigned char)lo);
				put(t, "-", 1);
				put_byte(t, (unsigned char)hi);
			} else {
				put_char(t, &a);
				put(t, "-", 1);
				put_char(t, &b);
			}
			colon |= 8;
			continue;
		}
		if (a.kind != EL_CHAR || a.start != a.at)
			colon |= 8; /* a class, [=c=] or [.c.] */
		else
			colon |= t->p[a.at] == ':' ? 2 : 4;
		if (a.kind == EL_CLASS && t->utf &&
		    class_is(t, &a, "punct")) {
			/* glibc's punct is every graphic character that is no
			 * letter or digit; PCRE2's leaves out the symbols
			 * beyond ASCII (\u20ac). */
			puts_(t, "[:punct:]\\p{S}");
		} else if (a.kind == EL_CLASS && t->utf && t->icase &&
		           (class_is(t, &a, "upper") ||
		            class_is(t, &a, "lower"))) {
			/* Under -i either case is every cased letter, as in
			 * grep; PCRE2 does not fold Unicode properties. */
			puts_(t, "\\p{Lu}\\p{Ll}\\p{Lt}");
		} else if (a.kind == EL_CLASS) {
			put(t, "[:", 2);
			put(t, (const char *)t->p + a.at, a.len);
			put(t, ":]", 2);
		} else {
			put_char(t, &a);
		}
	}
	if (colon == 7)
		return fail(t, open, E_CLASS_SYNTAX);
	t->i++; /* the ']' */
	/* grep's lines hold no '\n' (-z's records no NUL); the buffer-wide
	 * search must not see one either. */
	if (negate)
		puts_(t, t->null_data ? "\\x{00}" : "\\n");
	put(t, "]", 1);
	return 0;
}

/* Whether a BRE's '$' at p[i] is an anchor: at the end of the pattern, a
 * group or an alternative. */
static int
bre_dollar_anchors(const struct tr *t, size_t i)
{
	if (i + 1 == t->n)
		return 1;
	return i + 2 < t->n && t->p[i + 1] == '\\' &&
	       (t->p[i + 2] == ')' || t->p[i + 2] == '|');
}

static void
open_group(struct tr *t, size_t at)
{
	t->open[t->depth] = at;
	t->oopen[t->depth] = t->len;
	t->number[t->depth] = ++t->ngroups;
	t->depth++;
	t->done_init[t->depth] = t->done;
	t->done_acc[t->depth] = 0;
	put(t, "(", 1);
	t->ctx = CTX_START;
	t->laststart = 1;
}

static void
close_group(struct tr *t)
{
	size_t num;

	t->done |= t->done_acc[t->depth];
	t->depth--;
	num = t->number[t->depth];
	if (num <= 9)
		t->done |= 1u << num;
	/* The group is the atom a repetition applies to; what was
	 * inserted into the output since it opened lies after its '('. */
	t->ctx = CTX_ATOM;
	t->laststart = 0;
	t->nquant = 0;
	t->qchar = 0;
	t->atom = t->oopen[t->depth];
	put(t, ")", 1);
}

/* A '|': a new alternative, which (glibc) cannot refer back to the groups
 * of the alternatives before it. */
static void
alternative(struct tr *t)
{
	t->info |= POSIXRE_VARLEN;
	put(t, "|", 1);
	t->ctx = CTX_START;
	t->laststart = 1;
	t->done_acc[t->depth] |= t->done;
	t->done = t->done_init[t->depth];
}

/* A repetition operator (*, +, ?, or the '{' of an interval) at off. */
static int
repetition(struct tr *t, size_t off, char op)
{
	char q[2] = {op, '\0'};
	int warn = t->ere && t->laststart;

	/* GNU grep warns of a *, +, ? or interval with no atom before it
	 * (an anchor does not count), which POSIX leaves undefined. */
	if (warn && op != '{')
		warning(t, q);
	if (t->ere && op != '{' && t->depth > 0 &&
	    (t->laststart || (t->anchor_atom && t->nquant == 0))) {
		/* glibc, which checks grep's patterns, skips *, + and ? where
		 * an expression starts (after an anchor too); a ')' right
		 * after them is then a literal, and the group is left open. */
		size_t j = t->i;

		while (j < t->n && strchr("*+?", t->p[j]) != NULL)
			j++;
		if (j < t->n && t->p[j] == ')')
			return fail(t, t->open[t->depth - 1], E_PAREN);
	}
	if (t->ctx == CTX_START) {
		/* A BRE reads it as a character.  An ERE ignores it, as GNU
		 * grep's DFA does: a whole interval, or a '{' that cannot
		 * start one as a character. */
		if (!t->ere) {
			literal(t, t->i - 1, 1);
			return 0;
		}
		if (op == '{') {
			size_t at = t->i;
			const char *emsg = t->emsg;

			if (interval(t, off, 0) != 1) {
				t->i = at;
				t->emsg = emsg;
				literal(t, t->i - 1, 1);
			} else {
				if (warn)
					warning(t, "{...}");
				/* What follows is no longer at the start,
				 * for grep's DFA and glibc alike. */
				t->laststart = 0;
			}
		}
		return 0;
	}
	if (op == '{') {
		int r = interval(t, off, 1);

		if (r < 0)
			return -1;
		if (r == 0) { /* an ERE's literal '{' */
			literal(t, t->i - 1, 1);
		} else {
			if (warn)
				warning(t, "{...}");
			t->laststart = 0;
		}
		return 0;
	}
	repeat(t, q);
	return 0;
}

/* One backslash escape at t->i - 1 (t->i on the escaped byte). */
static int
escape(struct tr *t)
{
	size_t at = t->i - 1, k;
	unsigned char c;

	if (t->i >= t->n)
		return fail(t, at, E_ESCAPE);
	c = t->p[t->i++];
	if (!t->ere) {
		switch (c) {
		case '(':
			open_group(t, at);
			t->bre_start = 1;
			return 0;
		case ')':
			if (t->depth == 0)
				return fail(t, at, E_RPAREN);
			close_group(t);
			return 0;
		case '|':
			alternative(t);
			t->bre_start = 1;
			return 0;
		case '{':
			if (t->ctx == CTX_START) {
				literal(t, t->i - 1, 1);
				return 0;
			}
			return repetition(t, at, '{');
		case '+':
		case '?':
			if (t->ctx == CTX_START) {
				literal(t, t->i - 1, 1);
				return 0;
			}
			return repetition(t, at, (char)c);
		}
	}
	if (c >= '1' && c <= '9') {
		char tmp[8];

		if (!(t->done & (1u << (c - '0'))))
			return fail(t, at, E_SUBREG);
		t->info |= POSIXRE_BACKREF;
		atom_begins(t);
		snprintf(tmp, sizeof(tmp), "\\g{%c}", c);
		puts_(t, tmp);
		return 0;
	}
	for (k = 0; k < sizeof(escapes) / sizeof(escapes[0]); k++) {
		if (escapes[k].c != (char)c)
			continue;
		if (escapes[k].anchor) {
			anchor(t, escapes[k].pcre);
		} else {
			atom_begins(t);
			puts_(t, escapes[k].pcre);
		}
		return 0;
	}
	/* Anything else stands for itself. */
	literal(t, t->i - 1, char_len(t, t->i - 1));
	t->i += char_len(t, t->i - 1) - 1;
	return 0;
}

/* One token at t->i. */
static int
token(struct tr *t)
{
	size_t at = t->i;
	unsigned char c = t->p[t->i++];
	int bre_start = t->bre_start;

	t->bre_start = 0;
	switch (c) {
	case '\\':
		return escape(t);
	case '[':
		return bracket(t);
	case '.':
		atom_begins(t);
		put(t, ".", 1);
		return 0;
	case '*':
		return repetition(t, at, '*');
	case '^':
		if (t->ere || bre_start) {
			anchor(t, "^");
			return 0;
		}
		break;
	case '$':
		if (t->ere || bre_dollar_anchors(t, at)) {
			anchor(t, "$");
			return 0;
		}
		break;
	}
	if (t->ere) {
		switch (c) {
		case '+':
		case '?':
		case '{':
			return repetition(t, at, (char)c);
		case '|':
			alternative(t);
			return 0;
		case '(':
			open_group(t, at);
			return 0;
		case ')':
			if (t->depth > 0) {
				close_group(t);
				return 0;
			}
			break;
		}
	}
	literal(t, at, char_len(t, at));
	t->i = at + char_len(t, at);
	return 0;
}

char *
posixre_translate(const char *p, size_t n, unsigned flags, size_t *outlen,
                  unsigned *info, size_t *erroff, char *err)
{
	return posixre_translate_warn(p, n, flags, outlen, info, erroff, err,
	                              NULL, 0);
}

char *
posixre_translate_warn(const char *p, size_t n, unsigned flags,
                       size_t *outlen, unsigned *info, size_t *erroff,
                       char *err, char *warn, size_t warnsz)
{
	struct tr t;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.warn = warnsz > 0 ? warn : NULL;
	t.warnsz = warnsz;
	if (t.warn != NULL)
		t.warn[0] = '\0';
	t.laststart = 1;
	t.p = (const unsigned char *)p;
	t.n = n;
	t.ere = !!(flags & POSIXRE_ERE);
	t.utf = !!(flags & POSIXRE_UTF);
	t.icase = !!(flags & POSIXRE_ICASE);
	t.null_data = !!(flags & POSIXRE_NULL_DATA);
	t.cap = 8 * n + 16;
	t.o = xmalloc(t.cap);
	t.o[0] = '\0';
	t.open = xreallocarray(NULL, n + 1, sizeof(*t.open));
	t.oopen = xreallocarray(NULL, n + 1, sizeof(*t.oopen));
	t.number = xreallocarray(NULL, n + 1, sizeof(*t.number));
	t.done_init = xcalloc(n + 2, sizeof(*t.done_init));
	t.done_acc = xcalloc(n + 2, sizeof(*t.done_acc));
	t.ctx = CTX_START;
	t.bre_start = 1;
	while (t.i < t.n && rc == 0)
		rc = token(&t);
	t.done |= t.done_acc[0];
	if (rc == 0 && t.depth > 0)
		rc = fail(&t, t.open[t.depth - 1], E_PAREN);
	free(t.open);
	free(t.oopen);
	free(t.number);
	free(t.done_init);
	free(t.done_acc);
	if (rc < 0) {
		free(t.o);
		if (erroff != NULL)
			*erroff = t.eoff;
		ls_errf(err, "%s", t.emsg);
		return NULL;
	}
	if (outlen != NULL)
		*outlen = t.len;
	if (info != NULL)
		*info = t.info;
	return t.o;
}
