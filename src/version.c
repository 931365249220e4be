/* The library's version, as compiled in. */
#include "cnet.h"

unsigned cnet_version(void) { return CNET_VERSION_HEX; }

const char *cnet_version_string(void) { return CNET_VERSION_STRING; }
