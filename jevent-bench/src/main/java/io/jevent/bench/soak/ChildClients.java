package io.jevent.bench.soak;

import java.net.InetSocketAddress;

/**
 * A client process for the "clients killed" fault: {@code Soak --child HOST:PORT N} opens N
 * connections that echo without end, prints {@code connected N} and goes on until it is killed.
 */
final class ChildClients {
    private ChildClients() {
    }

    static void main(String[] args) throws Exception {
        int colon = args[0].lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(args[0].substring(0, colon),
                Integer.parseInt(args[0].substring(colon + 1)));
        int n = Integer.parseInt(args[1]);
        try (ClientEngine e = new ClientEngine(target, 256)) {
            for (int i = 0; i < n; i++) {
                e.add(new Client(i, Client.Mode.PING_PONG, Client.FOREVER, 16 * 1024));
            }
            e.run(e::allConnected, Soak.deadline(120));
            System.out.println("connected " + e.tally.connected);
            System.out.flush();
            e.run(() -> false, Soak.deadline(3600));
        }
    }
}
