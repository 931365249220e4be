#include "blocklist.h"
bool cnet_blocklist_is_blocklist(const void *p) { (void)p; return true; }
int cnet_blocklist_check(const cnet_blocklist_t *bl, const char *a, const char *f) { (void)bl; (void)a; (void)f; return 0; }
int cnet__blocklist_check_sockaddr(const cnet_blocklist_t *bl, const struct sockaddr *sa) { (void)bl; (void)sa; return 0; }
