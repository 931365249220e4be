/* test/parallel/test-net-isipv4.js: net.isIPv4() is true for each IPv4 address of
 * a list and false for each near miss of another. */
#include "../common.h"

static const char *const valid[] = {
  "0.0.0.0", "8.8.8.8", "127.0.0.1", "100.100.100.100", "192.168.0.1", "18.101.25.153",
  "123.23.34.2", "172.26.168.134", "212.58.241.131", "128.0.0.0", "23.71.254.72",
  "223.255.255.255", "192.0.2.235", "99.198.122.146", "46.51.197.88", "173.194.34.134",
};

static const char *const invalid[] = {
  ".100.100.100.100", "100..100.100.100.", "100.100.100.100.", "999.999.999.999",
  "256.256.256.256", "256.100.100.100.100", "123.123.123", "http://123.123.123", "1000.2.3.4",
  "999.2.3.4", "0000000192.168.0.200", "192.168.0.2000000000",
};

static void expect(const char *ip, bool want) {
  if (cnet_is_ipv4(ip) == want) return;
  char m[128];
  snprintf(m, sizeof m, "isIPv4(\"%s\") === %s", ip, want ? "true" : "false");
  node_fail(__FILE__, __LINE__, m);
}

int main(void) {
  for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) expect(valid[i], true);
  for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) expect(invalid[i], false);
  return 0;
}
