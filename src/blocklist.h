/* TEMPORARY stub until the sockaddr branch lands */
#ifndef CNET_BLOCKLIST_H
#define CNET_BLOCKLIST_H
#include <sys/socket.h>
#include "cnet.h"
int cnet__blocklist_check_sockaddr(const cnet_blocklist_t *bl, const struct sockaddr *sa);
#endif
