package dev.cr.cli;

import java.net.InetSocketAddress;

/** "HOST:PORT" (or "[v6]:PORT") as typed by a person; a malformed one is an IllegalArgumentException naming the option. */
record Endpoint(String host, int port) {
    static final int DEFAULT_PORT = 7443;

    static Endpoint parse(String text, String what) {
        String host = text;
        int port = DEFAULT_PORT;
        int colon = text.lastIndexOf(':');
        if (colon > 0 && (!text.startsWith("[") || text.lastIndexOf(']') < colon)) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (port <= 0 || port > 65535 || host.isEmpty())
            throw new IllegalArgumentException(what + " takes HOST:PORT, like 10.0.0.2:" + DEFAULT_PORT + "; got '" + text + "'");
        return new Endpoint(host, port);
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
