/*
 * The echo comparison's load generator in C, so that it costs less CPU than the servers it drives:
 * CONNS connections to HOST:PORT, each keeping DEPTH messages of SIZE bytes in flight. Every echoed
 * byte is checked (a message carries its sequence number, then a fixed pattern). Once every
 * connection has had a message echoed (a server may still be accepting long after the clients'
 * connect() returned: thousands of connections queue in its backlog), it runs WARMUP_MS more, then
 * prints "window", measures for WINDOW_MS and prints
 *   result messages=N seconds=S p50_us=P p99_us=Q cpu=C
 * where cpu is this process's CPU time over the window's wall time. One thread, epoll.
 *
 * With HOLD 1 (an optional eighth argument) the load goes on after the result, for a second window
 * the caller times itself (the system-call count): each line "mark" on stdin is answered with
 *   mark messages=N
 * the messages completed so far, and "stop" or the end of stdin ends the program.
 *
 * It raises its own descriptor limit (RLIMIT_NOFILE) as far as the hard limit allows, so that
 * thousands of connections need no "ulimit -n" from the caller unless the hard limit is too low.
 * Build: gcc -O2 -o echo-load echo-load.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SUB_BITS 5
#define SUB (1 << SUB_BITS)
#define BUCKETS (64 * SUB)

struct conn {
    int fd;
    char *out;
    size_t out_len;
    size_t out_cap;
    char *in;
    size_t in_len;
    size_t in_cap;
    uint64_t *sent_at;
    int sent_head;
    int sent_tail;
    uint64_t next_seq;
    uint64_t expected_seq;
    int want_write;
};

static int depth;
static size_t size;
static char *pattern;
static uint64_t histogram[BUCKETS];
static uint64_t completed;
static int live;
static int recording;

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

static int bucket(uint64_t v) {
    if (v == 0) {
        v = 1;
    }
    int exp = 63 - __builtin_clzll(v);
    if (exp < SUB_BITS) {
        return (int) v;
    }
    int shift = exp - SUB_BITS;
    int mantissa = (int) (v >> shift) & (SUB - 1);
    return (shift + 1) * SUB + mantissa;
}

static uint64_t upper_bound(int index) {
    if (index < SUB) {
        return (uint64_t) index;
    }
    int shift = index / SUB - 1;
    uint64_t mantissa = (uint64_t) (index % SUB);
    return ((SUB + mantissa + 1) << shift) - 1;
}

static uint64_t percentile(double fraction) {
    uint64_t total = 0;
    for (int i = 0; i < BUCKETS; i++) {
        total += histogram[i];
    }
    uint64_t rank = (uint64_t) (fraction * (double) total + 0.999999);
    uint64_t seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += histogram[i];
        if (seen >= rank && histogram[i] > 0) {
            return upper_bound(i);
        }
    }
    return 0;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* One descriptor per connection, plus stdio and the epoll set: raise the soft limit to fit. */
static void raise_descriptor_limit(int conns) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
        die("getrlimit");
    }
    rlim_t need = (rlim_t) conns + 32;
    if (rl.rlim_cur >= need) {
        return;
    }
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
        fprintf(stderr, "%d connections need %llu descriptors, but the hard limit is %llu: raise it"
                " (ulimit -Hn, or limits.conf) and run again\n", conns, (unsigned long long) need,
                (unsigned long long) rl.rlim_max);
        exit(1);
    }
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
        die("setrlimit");
    }
}

/* Answers the caller's lines on stdin after the result (HOLD 1); returns 0 once told to stop. */
static int on_command(void) {
    static char line[64];
    static size_t len;
    ssize_t n = read(0, line + len, sizeof(line) - 1 - len);
    if (n < 0) {
        return errno == EAGAIN || errno == EINTR;
    }
    if (n == 0) {
        return 0;
    }
    len += (size_t) n;
    char *nl;
    while ((nl = memchr(line, '\n', len)) != NULL) {
        *nl = '\0';
        if (strcmp(line, "mark") == 0) {
            printf("mark messages=%llu\n", (unsigned long long) completed);
            fflush(stdout);
        } else if (strcmp(line, "stop") == 0) {
            return 0;
        } else {
            fprintf(stderr, "unknown command: %s\n", line);
            exit(2);
        }
        size_t used = (size_t) (nl - line) + 1;
        memmove(line, nl + 1, len - used);
        len -= used;
    }
    if (len == sizeof(line) - 1) {
        fprintf(stderr, "command line too long\n");
        exit(2);
    }
    return 1;
}

static void queue_message(struct conn *c) {
    memcpy(c->out + c->out_len, &c->next_seq, 8);
    memcpy(c->out + c->out_len + 8, pattern + 8, size - 8);
    c->out_len += size;
    c->next_seq++;
    c->sent_at[c->sent_tail] = now_ns();
    c->sent_tail = (c->sent_tail + 1) % depth;
}

static void flush(int ep, struct conn *c) {
    if (c->out_len > 0) {
        ssize_t n = write(c->fd, c->out, c->out_len);
        if (n < 0 && errno != EAGAIN) {
            die("write");
        }
        if (n > 0) {
            memmove(c->out, c->out + n, c->out_len - (size_t) n);
            c->out_len -= (size_t) n;
        }
    }
    int want = c->out_len > 0;
    if (want != c->want_write) {
        struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
            die("epoll_ctl");
        }
        c->want_write = want;
    }
}

static void on_readable(struct conn *c) {
    ssize_t n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
    if (n == 0) {
        fprintf(stderr, "the server closed a connection\n");
        exit(1);
    }
    if (n < 0) {
        if (errno == EAGAIN) {
            return;
        }
        die("read");
    }
    c->in_len += (size_t) n;
    size_t at = 0;
    while (c->in_len - at >= size) {
        uint64_t seq;
        memcpy(&seq, c->in + at, 8);
        if (seq != c->expected_seq || memcmp(c->in + at + 8, pattern + 8, size - 8) != 0) {
            fprintf(stderr, "message %llu came back wrong\n", (unsigned long long) c->expected_seq);
            exit(1);
        }
        if (c->expected_seq == 0) {
            live++;
        }
        c->expected_seq++;
        if (recording) {
            histogram[bucket(now_ns() - c->sent_at[c->sent_head])]++;
        }
        c->sent_head = (c->sent_head + 1) % depth;
        completed++;
        queue_message(c);
        at += size;
    }
    memmove(c->in, c->in + at, c->in_len - at);
    c->in_len -= at;
}

int main(int argc, char **argv) {
    if (argc != 8 && argc != 9) {
        fprintf(stderr, "usage: echo-load HOST PORT CONNS DEPTH SIZE WARMUP_MS WINDOW_MS [HOLD]\n");
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    int conns = atoi(argv[3]);
    depth = atoi(argv[4]);
    size = (size_t) atol(argv[5]);
    long warmup_ms = atol(argv[6]);
    long window_ms = atol(argv[7]);
    int hold = argc == 9 && atoi(argv[8]) == 1;
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
    raise_descriptor_limit(conns);
    int ep = epoll_create1(0);
    struct conn *all = calloc((size_t) conns, sizeof(struct conn));
    for (int i = 0; i < conns; i++) {
        struct conn *c = &all[i];
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        if (c->fd < 0 || connect(c->fd, (struct sockaddr *) &sin, sizeof(sin)) < 0) {
            die("connect");
        }
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        c->out_cap = size * (size_t) depth;
        c->out = malloc(c->out_cap);
        c->in_cap = size * 2 > 65536 ? size * 2 : 65536;
        c->in = malloc(c->in_cap);
        c->sent_at = calloc((size_t) depth, sizeof(uint64_t));
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
            die("epoll_ctl");
        }
        for (int d = 0; d < depth; d++) {
            queue_message(c);
        }
    }
    for (int i = 0; i < conns; i++) {
        struct conn *c = &all[i];
        if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) < 0) {
            die("fcntl");
        }
        flush(ep, c);
    }

    struct epoll_event *ready = calloc((size_t) conns, sizeof(struct epoll_event));
    uint64_t start = now_ns();
    /* Unknown until every connection is live. */
    uint64_t window_start = UINT64_MAX;
    uint64_t window_end = UINT64_MAX;
    uint64_t completed_at_start = 0;
    double cpu_at_start = 0;
    int held = 0;
    for (;;) {
        int n = epoll_wait(ep, ready, conns, 10);
        if (n < 0 && errno != EINTR) {
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = ready[i].data.ptr;
            if (c == NULL) {
                if (!on_command()) {
                    return 0;
                }
                continue;
            }
            if (ready[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                on_readable(c);
            }
            flush(ep, c);
        }
        uint64_t t = now_ns();
        if (held) {
            continue;
        }
        if (window_start == UINT64_MAX) {
            if (live == conns) {
                window_start = t + (uint64_t) warmup_ms * 1000000u;
                window_end = window_start + (uint64_t) window_ms * 1000000u;
            } else if (t - start > 60 * 1000000000ull) {
                fprintf(stderr, "only %d of %d connections had a message echoed within 60 s\n", live, conns);
                exit(1);
            }
        }
        if (!recording && t >= window_start && t < window_end) {
            recording = 1;
            completed_at_start = completed;
            cpu_at_start = cpu_seconds();
            window_start = t;
            printf("window\n");
            fflush(stdout);
        } else if (t >= window_end) {
            double seconds = (double) (t - window_start) / 1e9;
            printf("result messages=%llu seconds=%.6f p50_us=%llu p99_us=%llu cpu=%.4f\n",
                    (unsigned long long) (completed - completed_at_start), seconds,
                    (unsigned long long) (percentile(0.50) / 1000), (unsigned long long) (percentile(0.99) / 1000),
                    (cpu_seconds() - cpu_at_start) / seconds);
            fflush(stdout);
            if (!hold) {
                return 0;
            }
            held = 1;
            recording = 0;
            if (fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK) < 0) {
                die("fcntl");
            }
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
            if (epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev) < 0) {
                die("epoll_ctl stdin");
            }
        }
    }
}
