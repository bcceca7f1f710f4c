/*
 * fuzz_conf.c - the YAML config file, and the timestamp formats it
 * defines at work on a log.
 *
 * The input is "YAML\0SAMPLE": the config is loaded from YAML; when it
 * loads, its formats join the built-ins, detection runs on SAMPLE and
 * each line of SAMPLE is read for its time, as a query would.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "fuzz.h"
#include "timefmt.h"
#include "userfmt.h"
#include "util.h"

static void
run_formats(const struct conf *c, const uint8_t *sample, size_t len)
{
	userfmt *u = userfmt_open(c);
	timefmt *h;
	char err[LS_ERRSZ];
	const char *buf = (const char *)sample;

	if (timefmt_open(&h, c->zone, err) < 0)
		abort();
	if (userfmt_add_all(u, h, err) == 0) {
		(void)timefmt_detect(h, buf, len);
		timefmt_anchor(h, 1767225600, 0, buf, len);
		for (size_t pos = 0; pos <= len;) {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			size_t end = nl != NULL ? (size_t)(nl - buf) : len;
			int64_t ns;

			(void)timefmt_line_time(h, buf + pos, end - pos, &ns);
			if (nl == NULL)
				break;
			pos = end + 1;
		}
	}
	timefmt_close(h);
	userfmt_free(u);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *yaml;
	size_t ylen;
	const uint8_t *sample;
	size_t slen;
	struct conf *c;
	char err[LS_ERRSZ];

	(void)fuzz_split(data, size, '\0', &yaml, &ylen, &sample, &slen);
	if (conf_load_buffer("fuzz.yaml", yaml, ylen, &c, err) == 0) {
		run_formats(c, sample, slen);
		conf_free(c);
	} else if (strlen(err) == 0) {
		abort(); /* an error must say what is wrong */
	}
	free(yaml);
	return 0;
}
