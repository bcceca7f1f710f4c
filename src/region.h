/*
 * region.h - a byte range of a log that a query has to look at.  The
 * planner (index, line and time filters) produces a sorted list of them;
 * the scanner and slice read only these bytes.
 */
#ifndef LOGSCAN_REGION_H
#define LOGSCAN_REGION_H

#include <stdint.h>

struct region {
	uint64_t start;	     /* file offset of the first byte of a line */
	uint64_t end;	     /* offset just past the last line (a line start
				or the file size); UINT64_MAX = to the end */
	uint64_t first_line; /* 1-based number of the line at start */
};

#endif
