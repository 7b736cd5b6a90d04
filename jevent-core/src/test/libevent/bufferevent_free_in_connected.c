/*
 * Scenario bufferevent_free_in_connected: is output written just before
 * bufferevent_free() still sent?
 *
 * A plain blocking server thread accepts one connection on 127.0.0.1 and
 * reads until the connection ends, then reports what it received and how
 * the connection ended (EOF = read returned 0, RST = ECONNRESET).
 */
#include "trace.h"

#include <errno.h>
#include <pthread.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>

struct server {
	int listen_fd;
	int port;
	pthread_t thread;
	size_t received;
	char data[64];
	const char *end;
};

static void *serve(void *arg)
{
	struct server *sv = arg;
	char buf[256];
	int fd = accept(sv->listen_fd, NULL, NULL);
	if (fd < 0) {
		sv->end = "accept-failed";
		return NULL;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			size_t room = sizeof(sv->data) - 1 - sv->received;
			memcpy(sv->data + sv->received, buf,
			    (size_t)n < room ? (size_t)n : room);
			sv->received += n;
			continue;
		}
		if (n == 0)
			sv->end = "EOF";
		else if (errno == EINTR)
			continue;
		else if (errno == ECONNRESET)
			sv->end = "RST";
		else
			sv->end = "error";
		break;
	}
	close(fd);
	return NULL;
}

static void server_start(struct server *sv)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	memset(sv, 0, sizeof(*sv));
	sv->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	trace_check(sv->listen_fd >= 0, "socket");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	trace_check(bind(sv->listen_fd, (struct sockaddr *)&sin,
	    sizeof(sin)) == 0, "bind");
	trace_check(listen(sv->listen_fd, 4) == 0, "listen");
	trace_check(getsockname(sv->listen_fd, (struct sockaddr *)&sin,
	    &len) == 0, "getsockname");
	sv->port = ntohs(sin.sin_port);
	trace_check(pthread_create(&sv->thread, NULL, serve, sv) == 0,
	    "pthread_create");
}

static void server_report(struct server *sv, const char *name)
{
	char shown[128];
	size_t j = 0;
	pthread_join(sv->thread, NULL);
	close(sv->listen_fd);
	for (size_t i = 0; i < sv->received && i < sizeof(sv->data) - 1; i++) {
		if (sv->data[i] == '\n') {
			shown[j++] = '\\';
			shown[j++] = 'n';
		} else {
			shown[j++] = sv->data[i];
		}
	}
	shown[j] = '\0';
	printf("%s-server-received-bytes: %zu\n", name, sv->received);
	printf("%s-server-received-data: \"%s\"\n", name, shown);
	printf("%s-server-connection-end: %s\n", name, sv->end);
}

struct client {
	const char *name;
	int mode;		/* 1, 2 or 3: the case */
	struct bufferevent *bev;
	struct event *timer;
	int event_calls;
	int write_calls;
};

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;
	int r;
	(void)fd;
	(void)what;
	r = bufferevent_write(c->bev, "hello\n", 6);
	printf("%s-timer-write-return: %d\n", c->name, r);
	printf("%s-output-length-before-free: %zu\n", c->name,
	    evbuffer_get_length(bufferevent_get_output(c->bev)));
	bufferevent_free(c->bev);
	c->bev = NULL;
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;
	(void)bev;
	c->write_calls++;
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client *c = arg;
	char w[64];
	c->event_calls++;
	printf("%s-event-%d-what: %s\n", c->name, c->event_calls,
	    bev_what_name(what, w, sizeof(w)));
	if (!(what & BEV_EVENT_CONNECTED)) {
		bufferevent_free(bev);
		c->bev = NULL;
		return;
	}
	if (c->mode == 1) {
		int r = bufferevent_write(bev, "hello\n", 6);
		printf("%s-write-in-connected-return: %d\n", c->name, r);
	}
	if (c->mode == 1 || c->mode == 2) {
		printf("%s-output-length-before-free: %zu\n", c->name,
		    evbuffer_get_length(bufferevent_get_output(bev)));
		bufferevent_free(bev);
		c->bev = NULL;
	} else {
		struct timeval tv = { 0, 1000 };
		evtimer_add(c->timer, &tv);
	}
}

static void run_case(const char *name, int mode)
{
	struct server sv;
	struct client c;
	struct sockaddr_in sin;
	struct event_base *base = event_base_new();
	int r;

	trace_check(base != NULL, "event_base_new");
	server_start(&sv);
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.mode = mode;
	c.timer = evtimer_new(base, timer_cb, &c);
	c.bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	trace_check(c.bev != NULL, "bufferevent_socket_new");
	bufferevent_setcb(c.bev, NULL, write_cb, event_cb, &c);
	if (mode == 2) {
		r = bufferevent_write(c.bev, "hello\n", 6);
		printf("%s-write-before-connect-return: %d\n", name, r);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(sv.port);
	r = bufferevent_socket_connect(c.bev, (struct sockaddr *)&sin,
	    sizeof(sin));
	printf("%s-connect-return: %d\n", name, r);
	r = event_base_dispatch(base);
	printf("%s-dispatch-return: %d\n", name, r);
	printf("%s-write-callbacks: %d\n", name, c.write_calls);
	server_report(&sv, name);
	event_free(c.timer);
	event_base_free(base);
}

int main(void)
{
	trace_begin("Bytes written right before bufferevent_free(), inside "
	    "the CONNECTED event callback or a later timer callback: does "
	    "the peer get them?");
	trace_comment("Case 1: write then free, both inside the CONNECTED "
	    "callback.");
	run_case("case-1", 1);
	trace_comment("Case 2: write queued before connect, free inside the "
	    "CONNECTED callback.");
	run_case("case-2", 2);
	trace_comment("Case 3: write then free from a timer callback on the "
	    "established connection.");
	run_case("case-3", 3);
	return 0;
}
