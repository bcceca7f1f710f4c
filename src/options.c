#include "config.h"

#include <string.h>

#include "options.h"

int
options_index_mode(const char *s, enum index_mode *out)
{
	if (strcmp(s, "auto") == 0)
		*out = INDEX_AUTO;
	else if (strcmp(s, "never") == 0)
		*out = INDEX_NEVER;
	else
		return -1;
	return 0;
}

int
options_color(const char *s, enum color_mode *out)
{
	if (strcmp(s, "auto") == 0)
		*out = COLOR_AUTO;
	else if (strcmp(s, "always") == 0)
		*out = COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*out = COLOR_NEVER;
	else
		return -1;
	return 0;
}
