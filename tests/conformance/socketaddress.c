/* C port of socketaddress.js: the same trace. */
#include <stdio.h>

#include "cnet.h"

static void show(const char *label, const char *arg, int rc, const cnet_socketaddress_t *sa) {
  if (rc == 0)
    printf("%s %s %s %d %s %u\n", label, arg, sa->address, sa->port,
           cnet_socketaddress_family_name(sa), sa->flowlabel);
  else if (rc == CNET_ERR_INVALID_ADDRESS && label[0] == 'p')
    printf("%s %s undefined\n", label, arg); /* parse returns undefined */
  else
    printf("%s %s %s %s: %s\n", label, arg, cnet_last_error()->name, cnet_last_error()->code,
           cnet_last_error()->message);
}

static void make(const char *json, cnet_socketaddress_opts o) {
  cnet_socketaddress_t sa;
  show("new", json, cnet_socketaddress_init(&sa, &o), &sa);
}

int main(void) {
  make("{}", (cnet_socketaddress_opts){0});
  make("{\"address\":\"123.123.123.123\",\"port\":80}",
       (cnet_socketaddress_opts){.address = "123.123.123.123", .port = 80});
  make("{\"family\":\"ipv6\",\"flowlabel\":1}",
       (cnet_socketaddress_opts){.family = "ipv6", .flowlabel = 1});
  make("{\"family\":\"IPv6\",\"address\":\"fe80::1%lo\"}",
       (cnet_socketaddress_opts){.family = "IPv6", .address = "fe80::1%lo"});
  make("{\"family\":\"IPv4\"}", (cnet_socketaddress_opts){.family = "IPv4"});
  make("{\"family\":\"ipv5\"}", (cnet_socketaddress_opts){.family = "ipv5"});
  make("{\"family\":\"it's\"}", (cnet_socketaddress_opts){.family = "it's"});
  make("{\"port\":65536}", (cnet_socketaddress_opts){.port = 65536});
  make("{\"flowlabel\":-1}", (cnet_socketaddress_opts){.flowlabel = -1});
  make("{\"flowlabel\":1099511627776}", (cnet_socketaddress_opts){.flowlabel = INT64_C(1) << 40});
  make("{\"address\":\"1.2.3\",\"port\":1}", (cnet_socketaddress_opts){.address = "1.2.3", .port = 1});
  static const char *const inputs[] = {"127.1:80", "127.1:81", "0xffffffff", "[::1]:8080",
                                       "[::ffff:1.2.3.4]:1", "::1", "user:pw@1.2.3.4:5/path",
                                       "192.168.257:1", "259.1.1.1", "1.2.3.4:65536"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    cnet_socketaddress_t sa;
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", inputs[i]);
    show("parse", quoted, cnet_socketaddress_parse(&sa, inputs[i]), &sa);
  }
  return 0;
}
