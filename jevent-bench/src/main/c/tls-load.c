/*
 * The TLS echo comparison's load generator in C on OpenSSL, so that it costs less CPU than the
 * Java servers it drives: CONNS TLS connections to HOST:PORT, each keeping DEPTH messages of SIZE
 * bytes in flight. TLS 1.3 only, TLS_AES_128_GCM_SHA256 only, trusting only CA_PEM and checking
 * that the server's certificate names SERVER_NAME (also sent as SNI). Every handshake completes,
 * one connection after the other, before the clock starts. A message is complete when SIZE more
 * plaintext bytes came back on its connection, and every echoed byte is checked (a message carries
 * its sequence number, then a fixed pattern). After WARMUP_MS it prints "window", measures for
 * WINDOW_MS and prints
 *   result messages=N seconds=S p50_us=0 p99_us=0 cpu=C
 * the format of echo-load.c, where cpu is this process's CPU time over the window's wall time; the
 * TLS comparison reports no latency, so none is measured. One thread, epoll, non-blocking sockets.
 * "tls-load --version" prints the OpenSSL version it runs on, for the report.
 * Build: gcc -O2 -o tls-load tls-load.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CIPHER "TLS_AES_128_GCM_SHA256"
#define HANDSHAKE_TIMEOUT_MS 30000 /* for each handshake */

struct conn {
    int fd;
    SSL *ssl;
    /* Plaintext queued for SSL_write; a retried write passes the same bytes again. */
    char *out;
    size_t out_len;
    size_t out_cap;
    /* Plaintext received towards the current message. */
    char *in;
    size_t in_len;
    size_t in_cap;
    uint64_t next_seq;
    uint64_t expected_seq;
    /* The last SSL_read or SSL_write (or the handshake) needs the socket writable. */
    int wants_writable;
    /* What epoll currently watches for this connection. */
    uint32_t watched;
};

static size_t size;
static char *pattern;
static uint64_t completed;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* Ends the run on a TLS failure, with OpenSSL's own reasons on stderr. */
static void die_tls(const char *what, struct conn *c, int ret) {
    int err = SSL_get_error(c->ssl, ret);
    if (err == SSL_ERROR_ZERO_RETURN) {
        fprintf(stderr, "%s: the server closed a connection (close_notify)\n", what);
    } else if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
        fprintf(stderr, "%s: %s\n", what, errno != 0 ? strerror(errno) : "the server closed a connection");
    } else {
        fprintf(stderr, "%s failed (SSL_get_error %d):\n", what, err);
        ERR_print_errors_fp(stderr);
    }
    exit(1);
}

/* Watches readability always, writability only while a TLS call waits for it. */
static void watch(int ep, struct conn *c) {
    uint32_t events = EPOLLIN | (c->wants_writable ? EPOLLOUT : 0);
    if (events != c->watched) {
        struct epoll_event ev = {.events = events, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
            die("epoll_ctl");
        }
        c->watched = events;
    }
}

/* Returns 1 once the handshake is done; otherwise notes what it waits for. */
static int handshake(struct conn *c) {
    int ret = SSL_do_handshake(c->ssl);
    if (ret == 1) {
        c->wants_writable = 0;
        return 1;
    }
    int err = SSL_get_error(c->ssl, ret);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
        die_tls("the handshake", c, ret);
    }
    c->wants_writable = err == SSL_ERROR_WANT_WRITE;
    return 0;
}

static void queue_message(struct conn *c) {
    memcpy(c->out + c->out_len, &c->next_seq, 8);
    memcpy(c->out + c->out_len + 8, pattern + 8, size - 8);
    c->out_len += size;
    c->next_seq++;
}

/*
 * Writes what is queued. With SSL_MODE_ENABLE_PARTIAL_WRITE a call returns after each record it
 * wrote; after WANT_READ or WANT_WRITE the next call passes the same bytes, perhaps moved and with
 * more appended, which SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER allows.
 */
static void write_queued(struct conn *c) {
    size_t done = 0;
    while (done < c->out_len) {
        int ret = SSL_write(c->ssl, c->out + done, (int) (c->out_len - done));
        if (ret > 0) {
            done += (size_t) ret;
            continue;
        }
        int err = SSL_get_error(c->ssl, ret);
        if (err == SSL_ERROR_WANT_WRITE) {
            c->wants_writable = 1;
            break;
        }
        if (err != SSL_ERROR_WANT_READ) {
            die_tls("SSL_write", c, ret);
        }
        /* The engine needs the peer's bytes first; readability is always watched. */
        break;
    }
    memmove(c->out, c->out + done, c->out_len - done);
    c->out_len -= done;
}

/* Checks and counts every whole message received, queueing its successor for each. */
static void take_messages(struct conn *c) {
    size_t at = 0;
    while (c->in_len - at >= size) {
        uint64_t seq;
        memcpy(&seq, c->in + at, 8);
        if (seq != c->expected_seq || memcmp(c->in + at + 8, pattern + 8, size - 8) != 0) {
            fprintf(stderr, "message %llu came back wrong\n", (unsigned long long) c->expected_seq);
            exit(1);
        }
        c->expected_seq++;
        completed++;
        queue_message(c);
        at += size;
    }
    memmove(c->in, c->in + at, c->in_len - at);
    c->in_len -= at;
}

/*
 * Reads what the socket and OpenSSL's buffer hold. Once OpenSSL holds nothing more, the socket is
 * left to epoll (level-triggered) rather than asked again: a read that would only say EAGAIN is a
 * system call per message saved.
 */
static void read_available(struct conn *c) {
    for (;;) {
        int ret = SSL_read(c->ssl, c->in + c->in_len, (int) (c->in_cap - c->in_len));
        if (ret > 0) {
            c->in_len += (size_t) ret;
            take_messages(c);
            if (!SSL_has_pending(c->ssl)) {
                return;
            }
            continue;
        }
        int err = SSL_get_error(c->ssl, ret);
        if (err == SSL_ERROR_WANT_WRITE) {
            /* A record the engine must send first (a key update's answer, say). */
            c->wants_writable = 1;
            return;
        }
        if (err != SSL_ERROR_WANT_READ) {
            die_tls("SSL_read", c, ret);
        }
        return;
    }
}

/* One readiness event: both directions are retried, since either may wait for the other. */
static void on_ready(int ep, struct conn *c) {
    c->wants_writable = 0;
    read_available(c);
    write_queued(c);
    watch(ep, c);
}

static SSL_CTX *client_context(const char *ca_pem) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION)
            || !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) || !SSL_CTX_set_ciphersuites(ctx, CIPHER)
            || SSL_CTX_load_verify_locations(ctx, ca_pem, NULL) != 1) {
        fprintf(stderr, "cannot set up TLS 1.3 with %s trusting %s:\n", CIPHER, ca_pem);
        ERR_print_errors_fp(stderr);
        exit(1);
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    /* Read what the socket holds rather than a record header, then its body: half the reads. */
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    return ctx;
}

static void open_connection(struct conn *c, int ep, SSL_CTX *ctx, const struct sockaddr_in *sin,
        const char *server_name, int depth) {
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (const struct sockaddr *) sin, sizeof(*sin)) < 0) {
        die("connect");
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) < 0) {
        die("fcntl");
    }
    c->ssl = SSL_new(ctx);
    if (c->ssl == NULL || !SSL_set_fd(c->ssl, c->fd) || !SSL_set_tlsext_host_name(c->ssl, server_name)
            || !SSL_set1_host(c->ssl, server_name)) {
        fprintf(stderr, "cannot set up a TLS connection to %s:\n", server_name);
        ERR_print_errors_fp(stderr);
        exit(1);
    }
    SSL_set_connect_state(c->ssl);
    c->out_cap = size * (size_t) depth;
    c->out = malloc(c->out_cap);
    /* Room for one message short of complete plus the largest record's plaintext. */
    c->in_cap = size + 16384;
    c->in = malloc(c->in_cap);
    c->watched = EPOLLIN;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        die("epoll_ctl");
    }
}

/*
 * Completes one connection's handshake while the connections before it stay served. One at a
 * time, as TlsEchoLoad does: a server that times handshakes out from the accept (Netty does after
 * 10 s) never sees a connection wait behind the others' handshakes.
 */
static void handshake_one(int ep, struct conn *c, int conns, struct epoll_event *ready) {
    uint64_t deadline = now_ns() + (uint64_t) HANDSHAKE_TIMEOUT_MS * 1000000u;
    while (!handshake(c)) {
        watch(ep, c);
        if (now_ns() > deadline) {
            fprintf(stderr, "a handshake did not complete in %d ms\n", HANDSHAKE_TIMEOUT_MS);
            exit(1);
        }
        int n = epoll_wait(ep, ready, conns, 100);
        if (n < 0 && errno != EINTR) {
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *other = ready[i].data.ptr;
            if (other != c) {
                /* A session ticket, say: read now, or level-triggered epoll reports it forever. */
                on_ready(ep, other);
            }
        }
    }
    watch(ep, c);
    const char *version = SSL_get_version(c->ssl);
    const char *cipher = SSL_CIPHER_get_name(SSL_get_current_cipher(c->ssl));
    if (strcmp(version, "TLSv1.3") != 0 || strcmp(cipher, CIPHER) != 0) {
        fprintf(stderr, "agreed %s with %s, not TLSv1.3 with %s\n", version, cipher, CIPHER);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("%s\n", OpenSSL_version(OPENSSL_VERSION));
        return 0;
    }
    if (argc != 10) {
        fprintf(stderr, "usage: tls-load HOST PORT CONNS DEPTH SIZE WARMUP_MS WINDOW_MS CA_PEM SERVER_NAME\n");
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    int conns = atoi(argv[3]);
    int depth = atoi(argv[4]);
    size = (size_t) atol(argv[5]);
    long warmup_ms = atol(argv[6]);
    long window_ms = atol(argv[7]);
    const char *ca_pem = argv[8];
    const char *server_name = argv[9];
    if (conns < 1 || depth < 1 || size < 8) {
        fprintf(stderr, "need CONNS >= 1, DEPTH >= 1, SIZE >= 8\n");
        return 2;
    }
    pattern = malloc(size);
    srand((unsigned) size);
    for (size_t i = 0; i < size; i++) {
        pattern[i] = (char) rand();
    }
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
        fprintf(stderr, "not an IPv4 address: %s\n", host);
        return 2;
    }
    /* A server that closes a connection is reported by the failing call, not by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    SSL_CTX *ctx = client_context(ca_pem);
    int ep = epoll_create1(0);
    struct conn *all = calloc((size_t) conns, sizeof(struct conn));
    struct epoll_event *ready = calloc((size_t) conns, sizeof(struct epoll_event));
    for (int i = 0; i < conns; i++) {
        open_connection(&all[i], ep, ctx, &sin, server_name, depth);
        handshake_one(ep, &all[i], conns, ready);
    }
    for (int i = 0; i < conns; i++) {
        for (int d = 0; d < depth; d++) {
            queue_message(&all[i]);
        }
        on_ready(ep, &all[i]);
    }

    uint64_t window_start = now_ns() + (uint64_t) warmup_ms * 1000000u;
    uint64_t window_end = 0;
    int recording = 0;
    uint64_t completed_at_start = 0;
    double cpu_at_start = 0;
    for (;;) {
        int n = epoll_wait(ep, ready, conns, 10);
        if (n < 0 && errno != EINTR) {
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            on_ready(ep, ready[i].data.ptr);
        }
        uint64_t t = now_ns();
        if (!recording && t >= window_start) {
            /* The window is timed from when it opens, however late a busy machine woke this up. */
            recording = 1;
            completed_at_start = completed;
            cpu_at_start = cpu_seconds();
            window_start = t;
            window_end = t + (uint64_t) window_ms * 1000000u;
            printf("window\n");
            fflush(stdout);
        } else if (recording && t >= window_end) {
            double seconds = (double) (t - window_start) / 1e9;
            printf("result messages=%llu seconds=%.6f p50_us=0 p99_us=0 cpu=%.4f\n",
                    (unsigned long long) (completed - completed_at_start), seconds,
                    (cpu_seconds() - cpu_at_start) / seconds);
            fflush(stdout);
            return 0;
        }
    }
}
