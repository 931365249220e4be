/* Internal: net.SocketAddress helpers for the socket, server and blocklist
 * code. */
#ifndef CNET_SOCKETADDRESS_H
#define CNET_SOCKETADDRESS_H

#include <stddef.h>
#include <stdint.h>

#include "cnet.h"

/* sa as a kernel address (port and flow label in network order). 0, or
 * CNET_ERR_INVALID_ADDRESS (thrown, worded as Node's) when sa does not hold
 * an address of its family: the struct is a plain value a caller can fill. */
int cnet__socketaddress_to_sockaddr(const cnet_socketaddress_t *sa,
                                    struct sockaddr_storage *ss);

/* The address of sa in network order into bytes (4 or 16 of them); returns
 * AF_INET or AF_INET6, or CNET_ERR_INVALID_ADDRESS (thrown). The port is not
 * looked at: BlockList ignores it, as Node's does. */
int cnet__socketaddress_bytes(const cnet_socketaddress_t *sa, unsigned char bytes[16]);

/* The SocketAddress Node makes of a kernel address (getpeername() and
 * friends): the zone id is dropped from `address`, as Node's is. 0, or
 * UV_EAFNOSUPPORT for a family other than AF_INET / AF_INET6. */
int cnet__socketaddress_from_sockaddr(cnet_socketaddress_t *sa, const struct sockaddr *addr);

/* util.inspect(sa) as Node prints it inside an error message:
 * "SocketAddress { address: '::1', port: 0, family: 'ipv6', flowlabel: 0 }". */
void cnet__socketaddress_inspect(const cnet_socketaddress_t *sa, char *buf, size_t size);

/* util.inspect(string) cut as ERR_INVALID_ARG_VALUE cuts it (128 UTF-16
 * units, then "..."). buf holds at least CNET__INSPECT_MAX bytes. */
#define CNET__INSPECT_MAX 1024
void cnet__inspect_string_arg(const char *s, char *buf);

/* SocketAddress.parse's URL step: the host and port of "http://" + input as
 * the WHATWG URL parser finds them. host gets an IPv4 or IPv6 address in
 * text (without brackets), family 4 or 6; port is 0 when the URL has none
 * or has http's default 80. 0, or -1 when the URL fails or its host is not
 * an IP address. */
int cnet__url_ip_host(const char *input, char host[CNET_ADDRSTRLEN], int *family, int *port);

#endif
