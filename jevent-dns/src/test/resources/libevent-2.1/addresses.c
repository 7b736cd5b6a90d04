#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <event2/util.h>
static void hex(const unsigned char *p, int n, char *out) {
  for (int i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", p[i]);
}
/* Reads lines "K text" (K: 4 = evutil_inet_pton(AF_INET), 6 = AF_INET6, S =
 * evutil_parse_sockaddr_port) and prints K<TAB>text<TAB>REFUSE, or the address in hex, and for S
 * the port and the IPv6 scope id. Build: gcc -o probe addresses.c -levent */
int main(void) {
  char line[512];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strlen(line);
    if (n && line[n-1] == '\n') line[--n] = 0;
    char kind = line[0];
    const char *in = line + 2;
    if (kind == 'S') {
      struct sockaddr_storage ss; int len = sizeof ss;
      memset(&ss, 0, sizeof ss);
      int r = evutil_parse_sockaddr_port(in, (struct sockaddr*)&ss, &len);
      if (r != 0) { printf("S\t%s\tREFUSE\n", in); continue; }
      char buf[128];
      if (ss.ss_family == AF_INET) {
        struct sockaddr_in *s = (struct sockaddr_in*)&ss;
        hex((unsigned char*)&s->sin_addr, 4, buf);
        printf("S\t%s\t%s\t%d\t0\n", in, buf, ntohs(s->sin_port));
      } else {
        struct sockaddr_in6 *s = (struct sockaddr_in6*)&ss;
        hex((unsigned char*)&s->sin6_addr, 16, buf);
        printf("S\t%s\t%s\t%d\t%u\n", in, buf, ntohs(s->sin6_port), s->sin6_scope_id);
      }
    } else {
      int af = kind == '4' ? AF_INET : AF_INET6;
      unsigned char dst[16];
      int r = evutil_inet_pton(af, in, dst);
      if (r != 1) { printf("%c\t%s\tREFUSE\n", kind, in); continue; }
      char buf[128];
      hex(dst, af == AF_INET ? 4 : 16, buf);
      printf("%c\t%s\t%s\n", kind, in, buf);
    }
  }
  return 0;
}
