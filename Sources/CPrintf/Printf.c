#include "CPrintf.h"
#include <stdio.h>

int gd_format_double(char *buffer, size_t size, const char *format, double value) {
    return snprintf(buffer, size, format, value);
}
