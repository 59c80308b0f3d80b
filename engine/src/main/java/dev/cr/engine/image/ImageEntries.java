package dev.cr.engine.image;

import com.google.protobuf.Message;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The entries of one image file, read with {@link ImageFile}, for the explorers that want typed messages. */
final class ImageEntries {
    private ImageEntries() {}

    /** One decoded entry and where it starts in its file. */
    record Entry(Message message, long offset) {
        /** The entry as {@code type}; a file of another image kind is an error naming the file. */
        <T extends Message> T as(Class<T> type, Path file) {
            if (type.isInstance(message)) return type.cast(message);
            throw new ImageException("read of " + file.getFileName(), file.toString(), offset,
                    "a " + type.getSimpleName() + " entry", "a " + message.getDescriptorForType().getName()
                    + " entry (the file holds another kind of image)", null);
        }
    }

    static List<Entry> read(Path file) {
        List<Entry> out = new ArrayList<>();
        try (ImageFile image = ImageFile.open(file)) {
            for (ImageEntry e : image) out.add(new Entry(e.message(), e.offset()));
        }
        return out;
    }
}
