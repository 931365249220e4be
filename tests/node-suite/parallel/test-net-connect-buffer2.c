/* test/parallel/test-net-connect-buffer2.js: the same test as
 * test-net-connect-buffer.js (Node keeps two copies of it), so the same
 * port. */
#include "test-net-connect-buffer.c"
