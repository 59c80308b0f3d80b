package dev.cr.engine.migrate.protocol;

/**
 * The registry of frame types: the one place where a message kind meets the number that travels for it. Both the
 * encoder ({@link Message#type()}) and the decoder ({@link Message#decode}) go through it, so a number can neither
 * be reused nor drift between the two sides. Numbers are part of the wire format: never renumber, only add.
 */
public enum FrameType {
    HELLO(1), ACCEPTED(2), FAILURE(3),
    FILE(4), DATA(5), FILE_END(6), LINK(7), ITERATION_DONE(8),
    RESTORE(9), RESTORED(10), COMMIT(11), RUNNING(12), RESUME(13),
    PART(16), PARTS_DONE(17), PARTS_DROPPED(18),
    PAGE_SERVER(19), PAGE_SERVER_READY(20), PAGE_STREAM(21),
    POST_COPY(22), POST_COPY_READY(23), LAZY_PAGE_STREAM(24), PAGES_ARRIVED(25),
    TREE_ENTRY(40), TREE_REMOVE(41), TREE_DONE(42);

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType t : values()) {
            if (BY_CODE[t.code] != null) throw new ExceptionInInitializerError("frame code " + t.code + " used twice");
            BY_CODE[t.code] = t;
        }
    }

    /** The byte that announces this frame on the wire. */
    public final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The frame type announced by {@code code} (0..255), or null when no frame has that number. */
    public static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
