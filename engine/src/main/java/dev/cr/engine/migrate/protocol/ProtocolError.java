package dev.cr.engine.migrate.protocol;

/** The peer broke the protocol: its data is not trusted, the migration stops. */
public final class ProtocolError extends RuntimeException {
    public ProtocolError(String message) {
        super(message);
    }
}
