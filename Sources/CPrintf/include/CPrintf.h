#ifndef GD_CPRINTF_H
#define GD_CPRINTF_H

#include <stddef.h>

/// `snprintf(buffer, size, format, value)` for a format with one double conversion ("%.6g"): C's own formatting of
/// a number, called without building a Swift `CVaListPointer`, whose boxing of each argument cost more than the
/// formatting itself. Returns what snprintf returns.
int gd_format_double(char *buffer, size_t size, const char *format, double value);

#endif
