package dev.cr.engine.image;

import com.google.protobuf.Message;

import java.util.ArrayList;
import java.util.List;

/** The entries of one image file, read with {@link ImageFile}, for the explorers that want typed messages. */
final class ImageEntries {
    private ImageEntries() {}

    /** One decoded entry and where it starts in its file. */
    record Entry(Message message, long offset) {
        /** The entry as {@code type}; a file of another image kind is an error naming the file. */
        <T extends Message> T as(Class<T> type, String file) {
            if (type.isInstance(message)) return type.cast(message);
            String name = file.substring(file.lastIndexOf('/') + 1);
            throw new ImageException("read of " + name, file, offset,
                    "a " + type.getSimpleName() + " entry", "a " + message.getDescriptorForType().getName()
                    + " entry (the file holds another kind of image)", null);
        }
    }

    static List<Entry> read(CheckpointFiles files, String name) {
        List<Entry> out = new ArrayList<>();
        try (ImageFile image = files.image(name)) {
            for (ImageEntry e : image) out.add(new Entry(e.message(), e.offset()));
        }
        return out;
    }

    /** The first entry only (images that hold one: core, mm, ids...), or null when the image has none. */
    static Entry first(CheckpointFiles files, String name) {
        try (ImageFile image = files.image(name)) {
            ImageEntry e = image.next();
            return e == null ? null : new Entry(e.message(), e.offset());
        }
    }
}
