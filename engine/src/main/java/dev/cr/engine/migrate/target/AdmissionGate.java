package dev.cr.engine.migrate.target;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the connections that are not trusted yet (TLS handshake, first frame) so that peers without a token
 * cannot pile them up: at most {@link #TOTAL} at once, and at most {@link #PER_ADDRESS} from one address, so
 * that one noisy host does not lock out a real source from another. A connection past either cap is closed
 * right after accept, before any TLS work or allocation for it. A connection leaves the gate when it is
 * trusted or closed.
 */
final class AdmissionGate {
    /** Connections in the handshake at once, all peers together. */
    static final int TOTAL = 128;
    /** Connections in the handshake at once from one address. */
    static final int PER_ADDRESS = 16;

    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int total;

    /** Admits one connection from {@code peer}, or says no when a cap is reached. */
    synchronized boolean admit(InetAddress peer) {
        int from = byAddress.getOrDefault(peer, 0);
        if (total >= TOTAL || from >= PER_ADDRESS) return false;
        byAddress.put(peer, from + 1);
        total++;
        return true;
    }

    /** The connection from {@code peer} was trusted or closed. */
    synchronized void leave(InetAddress peer) {
        Integer from = byAddress.get(peer);
        if (from == null) return;
        if (from <= 1) byAddress.remove(peer);
        else byAddress.put(peer, from - 1);
        total--;
    }
}
