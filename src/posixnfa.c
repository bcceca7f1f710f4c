/*
 * posixnfa.c - a Thompson automaton for posixre's PCRE2 patterns.
 *
 * The pattern is parsed into a small tree (sets of bytes, assertions,
 * concatenation, alternation, repetition), which is compiled into
 * instructions: SET (consume a byte of a set), SPLIT and JMP (choices),
 * ASSERT (a zero-width test of the bytes around the position) and MATCH.
 * A counted repetition is written out, so its size counts against the
 * caller's limit.  The simulation keeps at most one thread per
 * instruction, the one with the earliest start: that is both the bound on
 * its work (line length times instructions) and POSIX's rule (leftmost
 * start, then the longest match from it).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "posixnfa.h"
#include "util.h"

/* Deeper nesting of groups is refused rather than recursed into. */
#define MAX_DEPTH 1000

enum op { OP_SET, OP_SPLIT, OP_JMP, OP_ASSERT, OP_MATCH };

/* Zero-width tests. */
enum assertion {
	A_BOL,    /* ^ */
	A_EOL,    /* $ */
	A_WORDB,  /* \b */
	A_NWORDB, /* \B */
	A_PREVW,  /* (?<=\w) */
	A_PREVNW, /* (?<!\w) */
	A_NEXTW,  /* (?=\w) */
	A_NEXTNW  /* (?!\w) */
};

struct inst {
	unsigned char op, arg;
	uint32_t x, y; /* SET: set index; SPLIT: both; JMP: x */
};

enum kind { N_EMPTY, N_SET, N_ASSERT, N_CAT, N_ALT, N_REP };

struct node {
	unsigned char kind, arg;
	size_t l, r;   /* CAT, ALT: children; REP: l is the child */
	long min, max; /* REP; max -1: no bound */
	size_t set;    /* SET */
};

typedef unsigned char byteset[32];

struct posixnfa {
	struct inst *code;
	size_t ncode;
	byteset *sets;
	size_t nsets;
};

/* The state of compiling. */
struct comp {
	const unsigned char *p;
	size_t n, i;
	int icase, bad, depth;
	unsigned char eol; /* the line end, which '.' does not match */
	struct node *nodes;
	size_t nnodes, capnodes;
	byteset *sets;
	size_t nsets, capsets;
	struct inst *code;
	size_t ncode, capcode, max;
};

static int
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static void
set_add(byteset s, unsigned c)
{
	s[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int
set_has(const byteset s, unsigned c)
{
	return (s[c >> 3] >> (c & 7)) & 1;
}

/* The POSIX classes, in ASCII as PCRE2's default tables have them. */
static int
in_class(const char *name, size_t len, unsigned c)
{
	static const struct {
		const char *name;
		const char *members; /* "a-z" style ranges, pairs of bytes */
	} classes[] = {
	    {"alpha", "azAZ"},     {"upper", "AZ"},
	    {"lower", "az"},       {"digit", "09"},
	    {"xdigit", "09afAF"},  {"space", "\t\r  "},
	    {"print", " ~"},       {"punct", "!/:@[`{~"},
	    {"graph", "!~"},       {"cntrl", "\001\037\177\177"},
	    {"blank", "\t\t  "},   {"alnum", "azAZ09"},
	};
	size_t k, j;

	for (k = 0; k < sizeof(classes) / sizeof(classes[0]); k++) {
		const char *m = classes[k].members;

		if (strlen(classes[k].name) != len ||
		    memcmp(classes[k].name, name, len) != 0)
			continue;
		if (strcmp(classes[k].name, "cntrl") == 0 && c == 0)
			return 1;
		for (j = 0; m[j] != '\0'; j += 2)
			if (c >= (unsigned char)m[j] &&
			    c <= (unsigned char)m[j + 1])
				return 1;
		return 0;
	}
	return -1;
}

static size_t
new_node(struct comp *c, unsigned char kind)
{
	struct node *nd;

	if (c->nnodes == c->capnodes) {
		c->capnodes = c->capnodes ? c->capnodes * 2 : 64;
		c->nodes = xreallocarray(c->nodes, c->capnodes,
		                         sizeof(*c->nodes));
	}
	nd = &c->nodes[c->nnodes];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	return c->nnodes++;
}

static size_t
new_set(struct comp *c)
{
	if (c->nsets == c->capsets) {
		c->capsets = c->capsets ? c->capsets * 2 : 16;
		c->sets = xreallocarray(c->sets, c->capsets, sizeof(*c->sets));
	}
	memset(c->sets[c->nsets], 0, sizeof(byteset));
	return c->nsets++;
}

static size_t
pair(struct comp *c, unsigned char kind, size_t l, size_t r)
{
	size_t k = new_node(c, kind);

	c->nodes[k].l = l;
	c->nodes[k].r = r;
	return k;
}

static size_t
assertion(struct comp *c, enum assertion a)
{
	size_t k = new_node(c, N_ASSERT);

	c->nodes[k].arg = (unsigned char)a;
	return k;
}

/* Under -i a set holds both cases of its letters. */
static void
fold_set(struct comp *c, size_t s)
{
	unsigned b;

	if (!c->icase)
		return;
	for (b = 'A'; b <= 'Z'; b++)
		if (set_has(c->sets[s], b) || set_has(c->sets[s], b + 32)) {
			set_add(c->sets[s], b);
			set_add(c->sets[s], b + 32);
		}
}

static void
negate_set(struct comp *c, size_t s)
{
	size_t k;

	for (k = 0; k < sizeof(byteset); k++)
		c->sets[s][k] = (unsigned char)~c->sets[s][k];
}

/* \w \W \s \S into set s. */
static void
escape_set(struct comp *c, size_t s, unsigned char e)
{
	unsigned b;

	for (b = 0; b < 256; b++) {
		int in = e == 'w' || e == 'W'
		             ? is_word((unsigned char)b)
		             : (b == ' ' || (b >= '\t' && b <= '\r'));

		if (in == (e == 'w' || e == 's'))
			set_add(c->sets[s], b);
	}
}

static int
hexval(unsigned char h)
{
	return h >= '0' && h <= '9'   ? h - '0'
	       : h >= 'a' && h <= 'f' ? h - 'a' + 10
	       : h >= 'A' && h <= 'F' ? h - 'A' + 10
	                              : -1;
}

/* A byte written \x{hh} at p[i] (just past the 'x'); -1 if not. */
static int
hex_byte(struct comp *c)
{
	int h, l;

	if (c->i + 3 < c->n && c->p[c->i] == '{' && c->p[c->i + 3] == '}' &&
	    (h = hexval(c->p[c->i + 1])) >= 0 &&
	    (l = hexval(c->p[c->i + 2])) >= 0) {
		c->i += 4;
		return h * 16 + l;
	}
	return -1;
}

/* One byte of a class, with its escapes; -1 at a bad one. */
static int
class_byte(struct comp *c)
{
	unsigned char b;

	if (c->i >= c->n)
		return -1;
	b = c->p[c->i++];
	if (b != '\\')
		return b;
	if (c->i >= c->n)
		return -1;
	b = c->p[c->i++];
	if (b == 'n')
		return '\n';
	if (b == 'x')
		return hex_byte(c);
	if (is_word(b))
		return -1;
	return b;
}

static size_t
class(struct comp *c)
{
	size_t s = new_set(c), k = new_node(c, N_SET);
	int negate = 0;

	c->nodes[k].set = s;
	if (c->i < c->n && c->p[c->i] == '^') {
		negate = 1;
		c->i++;
	}
	for (;;) {
		int lo, hi, b;

		if (c->i >= c->n) {
			c->bad = 1;
			return k;
		}
		if (c->p[c->i] == ']') {
			c->i++;
			break;
		}
		if (c->p[c->i] == '[' && c->i + 1 < c->n &&
		    c->p[c->i + 1] == ':') {
			size_t name = c->i + 2, j = name;

			while (j + 1 < c->n &&
			       !(c->p[j] == ':' && c->p[j + 1] == ']'))
				j++;
			if (j + 1 >= c->n ||
			    in_class((const char *)c->p + name, j - name, 0) <
			        0) {
				c->bad = 1;
				return k;
			}
			for (b = 0; b < 256; b++)
				if (in_class((const char *)c->p + name,
				             j - name, (unsigned)b) == 1)
					set_add(c->sets[s], (unsigned)b);
			c->i = j + 2;
			continue;
		}
		lo = class_byte(c);
		hi = lo;
		if (lo >= 0 && c->i + 1 < c->n && c->p[c->i] == '-' &&
		    c->p[c->i + 1] != ']') {
			c->i++;
			hi = class_byte(c);
		}
		if (lo < 0 || hi < 0 || lo > hi) {
			c->bad = 1;
			return k;
		}
		for (b = lo; b <= hi; b++)
			set_add(c->sets[s], (unsigned)b);
	}
	fold_set(c, s);
	if (negate)
		negate_set(c, s);
	return k;
}

static size_t alternation(struct comp *c);

static int
starts(const struct comp *c, const char *s)
{
	size_t len = strlen(s);

	return c->i + len <= c->n && memcmp(c->p + c->i, s, len) == 0;
}

static size_t
atom(struct comp *c)
{
	static const struct {
		const char *text;
		enum assertion a;
	} looks[] = {
	    {"(?=\\w)", A_NEXTW},
	    {"(?!\\w)", A_NEXTNW},
	    {"(?<=\\w)", A_PREVW},
	    {"(?<!\\w)", A_PREVNW},
	};
	unsigned char b = c->p[c->i];
	size_t k, s;
	int v;

	if (b == '(') {
		for (k = 0; k < sizeof(looks) / sizeof(looks[0]); k++)
			if (starts(c, looks[k].text)) {
				c->i += strlen(looks[k].text);
				return assertion(c, looks[k].a);
			}
		c->i += starts(c, "(?:") ? 3 : 1;
		if (c->i < c->n && c->p[c->i] == '?') {
			c->bad = 1; /* some other (?...) */
			return new_node(c, N_EMPTY);
		}
		if (++c->depth > MAX_DEPTH) {
			c->bad = 1;
			return new_node(c, N_EMPTY);
		}
		k = alternation(c);
		c->depth--;
		if (c->i >= c->n || c->p[c->i] != ')')
			c->bad = 1;
		else
			c->i++;
		return k;
	}
	c->i++;
	switch (b) {
	case '[':
		return class(c);
	case '^':
		return assertion(c, A_BOL);
	case '$':
		return assertion(c, A_EOL);
	case '.':
		s = new_set(c);
		negate_set(c, s);
		c->sets[s][c->eol >> 3] &= (unsigned char)~(1u << (c->eol & 7));
		k = new_node(c, N_SET);
		c->nodes[k].set = s;
		return k;
	case '*':
	case '+':
	case '?':
	case '{':
	case ')':
	case '|':
		c->bad = 1;
		return new_node(c, N_EMPTY);
	case '\\':
		if (c->i >= c->n) {
			c->bad = 1;
			return new_node(c, N_EMPTY);
		}
		b = c->p[c->i++];
		if (b == 'b')
			return assertion(c, A_WORDB);
		if (b == 'B')
			return assertion(c, A_NWORDB);
		s = new_set(c);
		k = new_node(c, N_SET);
		c->nodes[k].set = s;
		if (strchr("wWsS", b) != NULL && b != '\0') {
			escape_set(c, s, b);
			return k;
		}
		if (b == 'x') {
			v = hex_byte(c);
			if (v < 0)
				c->bad = 1;
			else
				set_add(c->sets[s], (unsigned)v);
			fold_set(c, s);
			return k;
		}
		/* Other escapes (\g back references) are not for us. */
		if (is_word(b))
			c->bad = 1;
		set_add(c->sets[s], b);
		fold_set(c, s);
		return k;
	}
	s = new_set(c);
	k = new_node(c, N_SET);
	c->nodes[k].set = s;
	set_add(c->sets[s], b);
	fold_set(c, s);
	return k;
}

/* A decimal count at p[i]; -1 if there is none. */
static long
count(struct comp *c)
{
	long v = -1;

	while (c->i < c->n && c->p[c->i] >= '0' && c->p[c->i] <= '9' &&
	       v < 100000)
		v = (v < 0 ? 0 : v * 10) + (c->p[c->i++] - '0');
	return v;
}

static size_t
repetition(struct comp *c)
{
	size_t a = atom(c), k;
	long min, max;

	while (c->i < c->n && !c->bad) {
		unsigned char q = c->p[c->i];

		if (q == '*' || q == '+' || q == '?') {
			min = q == '+';
			max = q == '?' ? 1 : -1;
			c->i++;
		} else if (q == '{') {
			c->i++;
			min = count(c);
			max = min;
			if (c->i < c->n && c->p[c->i] == ',') {
				c->i++;
				max = count(c);
			}
			if (min < 0 || c->i >= c->n || c->p[c->i] != '}') {
				c->bad = 1;
				break;
			}
			c->i++;
		} else {
			break;
		}
		k = new_node(c, N_REP);
		c->nodes[k].l = a;
		c->nodes[k].min = min;
		c->nodes[k].max = max;
		a = k;
	}
	return a;
}

static size_t
concatenation(struct comp *c)
{
	size_t left = SIZE_MAX, a;

	while (c->i < c->n && c->p[c->i] != '|' && c->p[c->i] != ')' &&
	       !c->bad) {
		a = repetition(c);
		left = left == SIZE_MAX ? a : pair(c, N_CAT, left, a);
	}
	return left == SIZE_MAX ? new_node(c, N_EMPTY) : left;
}

static size_t
alternation(struct comp *c)
{
	size_t left = concatenation(c);

	while (c->i < c->n && c->p[c->i] == '|' && !c->bad) {
		c->i++;
		left = pair(c, N_ALT, left, concatenation(c));
	}
	return left;
}

static size_t
emit(struct comp *c, enum op op, unsigned arg, uint32_t x, uint32_t y)
{
	struct inst *in;

	if (c->ncode >= c->max) {
		c->bad = 1;
		return 0;
	}
	if (c->ncode == c->capcode) {
		c->capcode = c->capcode ? c->capcode * 2 : 64;
		c->code = xreallocarray(c->code, c->capcode, sizeof(*c->code));
	}
	in = &c->code[c->ncode];
	in->op = (unsigned char)op;
	in->arg = (unsigned char)arg;
	in->x = x;
	in->y = y;
	return c->ncode++;
}

/* Write node k's instructions; on reaching the limit c->bad is set. */
static void
gen(struct comp *c, size_t k)
{
	const struct node *nd = &c->nodes[k];
	size_t s, j, first, *splits;
	long t;

	if (c->bad)
		return;
	switch (nd->kind) {
	case N_EMPTY:
		return;
	case N_SET:
		emit(c, OP_SET, 0, (uint32_t)nd->set, 0);
		return;
	case N_ASSERT:
		emit(c, OP_ASSERT, nd->arg, 0, 0);
		return;
	case N_CAT:
		gen(c, nd->l);
		gen(c, nd->r);
		return;
	case N_ALT:
		s = emit(c, OP_SPLIT, 0, 0, 0);
		c->code[s].x = (uint32_t)(s + 1);
		gen(c, nd->l);
		j = emit(c, OP_JMP, 0, 0, 0);
		if (c->bad)
			return;
		c->code[s].y = (uint32_t)c->ncode;
		gen(c, nd->r);
		c->code[j].x = (uint32_t)c->ncode;
		return;
	case N_REP:
		for (t = 0; t < nd->min && !c->bad; t++)
			gen(c, nd->l);
		if (nd->max < 0) {
			s = emit(c, OP_SPLIT, 0, 0, 0);
			c->code[s].x = (uint32_t)(s + 1);
			gen(c, nd->l);
			emit(c, OP_JMP, 0, (uint32_t)s, 0);
			if (!c->bad)
				c->code[s].y = (uint32_t)c->ncode;
			return;
		}
		/* Each optional copy may end the repetition. */
		if (nd->max <= nd->min)
			return;
		first = 0;
		splits = xreallocarray(NULL, (size_t)(nd->max - nd->min),
		                       sizeof(*splits));
		for (t = nd->min; t < nd->max && !c->bad; t++) {
			s = emit(c, OP_SPLIT, 0, 0, 0);
			c->code[s].x = (uint32_t)(s + 1);
			splits[first++] = s;
			gen(c, nd->l);
		}
		for (j = 0; j < first && !c->bad; j++)
			c->code[splits[j]].y = (uint32_t)c->ncode;
		free(splits);
		return;
	}
}

posixnfa *
posixnfa_compile(const char *const *pats, const size_t *lens, size_t n,
                 unsigned flags, size_t max_states)
{
	struct comp c;
	posixnfa *a;
	size_t root = SIZE_MAX, k, t;

	memset(&c, 0, sizeof(c));
	c.icase = !!(flags & POSIXNFA_ICASE);
	c.eol = flags & POSIXNFA_NULL_DATA ? '\0' : '\n';
	c.max = max_states;
	for (k = 0; k < n && !c.bad; k++) {
		c.p = (const unsigned char *)pats[k];
		c.n = lens[k];
		c.i = 0;
		t = alternation(&c);
		if (c.i != c.n)
			c.bad = 1; /* a ')' without its '(' */
		root = root == SIZE_MAX ? t : pair(&c, N_ALT, root, t);
	}
	if (root == SIZE_MAX)
		c.bad = 1;
	if (!c.bad && (flags & POSIXNFA_LINE))
		root = pair(&c, N_CAT, assertion(&c, A_BOL),
		            pair(&c, N_CAT, root, assertion(&c, A_EOL)));
	else if (!c.bad && (flags & POSIXNFA_WORD))
		root = pair(&c, N_CAT, assertion(&c, A_PREVNW),
		            pair(&c, N_CAT, root, assertion(&c, A_NEXTNW)));
	if (!c.bad)
		gen(&c, root);
	emit(&c, OP_MATCH, 0, 0, 0);
	free(c.nodes);
	if (c.bad) {
		free(c.code);
		free(c.sets);
		return NULL;
	}
	a = xcalloc(1, sizeof(*a));
	a->code = c.code;
	a->ncode = c.ncode;
	a->sets = c.sets;
	a->nsets = c.nsets;
	return a;
}

void
posixnfa_free(posixnfa *a)
{
	if (a == NULL)
		return;
	free(a->code);
	free(a->sets);
	free(a);
}

/* Whether assertion t holds at line[i], line being n bytes. */
static int
holds(unsigned t, const unsigned char *line, size_t n, size_t i)
{
	int pw = i > 0 && is_word(line[i - 1]);
	int nw = i < n && is_word(line[i]);

	switch (t) {
	case A_BOL:
		return i == 0;
	case A_EOL:
		return i == n;
	case A_WORDB:
		return pw != nw;
	case A_NWORDB:
		return pw == nw;
	case A_PREVW:
		return pw;
	case A_PREVNW:
		return !pw;
	case A_NEXTW:
		return nw;
	case A_NEXTNW:
		return !nw;
	}
	return 0;
}

/* A list of threads: instruction and start, at most one per
 * instruction. */
struct list {
	uint32_t *pc;
	size_t *start;
	size_t n;
};

/* The state of one simulation. */
struct sim {
	const posixnfa *a;
	const unsigned char *line;
	size_t n;
	size_t *mark; /* per instruction: 1 + the step it was last added */
	uint32_t *stack;
	int found;
	size_t ms, me;
};

/* Add the thread (pc, start) at position i and all it reaches without
 * consuming a byte; a MATCH reached records the match. */
static void
add(struct sim *s, struct list *l, uint32_t pc0, size_t start, size_t i)
{
	size_t sp = 0;

	s->stack[sp++] = pc0;
	while (sp > 0) {
		uint32_t pc = s->stack[--sp];
		const struct inst *in = &s->a->code[pc];

		if (s->mark[pc] == i + 1)
			continue;
		s->mark[pc] = i + 1;
		switch (in->op) {
		case OP_SET:
			l->pc[l->n] = pc;
			l->start[l->n++] = start;
			break;
		case OP_JMP:
			s->stack[sp++] = in->x;
			break;
		case OP_SPLIT:
			s->stack[sp++] = in->y;
			s->stack[sp++] = in->x;
			break;
		case OP_ASSERT:
			if (holds(in->arg, s->line, s->n, i))
				s->stack[sp++] = pc + 1;
			break;
		case OP_MATCH:
			if (!s->found || start < s->ms ||
			    (start == s->ms && i > s->me)) {
				s->found = 1;
				s->ms = start;
				s->me = i;
			}
			break;
		}
	}
}

int
posixnfa_match(const posixnfa *a, const char *line, size_t n, size_t off,
               size_t *ms, size_t *me)
{
	struct sim s;
	struct list l[2];
	size_t i, k, cur = 0;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.line = (const unsigned char *)line;
	s.n = n;
	s.mark = xcalloc(a->ncode, sizeof(*s.mark));
	/* Each instruction is pushed at most once per position, and a
	 * SPLIT pushes two. */
	s.stack = xreallocarray(NULL, 2 * a->ncode + 2, sizeof(*s.stack));
	for (k = 0; k < 2; k++) {
		l[k].pc = xreallocarray(NULL, a->ncode, sizeof(*l[k].pc));
		l[k].start = xreallocarray(NULL, a->ncode, sizeof(*l[k].start));
		l[k].n = 0;
	}
	for (i = off; i <= n; i++) {
		struct list *c = &l[cur], *nx = &l[cur ^ 1];

		/* A later start only while nothing has matched: the
		 * threads already there started earlier and come first. */
		if (!s.found)
			add(&s, c, 0, i, i);
		if (c->n == 0 && s.found)
			break;
		if (i == n)
			break;
		nx->n = 0;
		for (k = 0; k < c->n; k++) {
			const struct inst *in = &a->code[c->pc[k]];

			if (s.found && c->start[k] > s.ms)
				continue;
			if (set_has(a->sets[in->x], s.line[i]))
				add(&s, nx, c->pc[k] + 1, c->start[k], i + 1);
		}
		cur ^= 1;
	}
	free(s.mark);
	free(s.stack);
	for (k = 0; k < 2; k++) {
		free(l[k].pc);
		free(l[k].start);
	}
	if (s.found) {
		*ms = s.ms;
		*me = s.me;
	}
	return s.found;
}
