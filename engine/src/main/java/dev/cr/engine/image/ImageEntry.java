package dev.cr.engine.image;

import com.google.protobuf.Message;

/**
 * One entry of an image file: its protobuf message and the raw bytes that follow it in images
 * with extra payloads (pipe data, socket queues, TCP queues, ghost file content, IPC contents,
 * BPF map data). Fields the proto definitions do not know are kept in the message's unknown
 * field set.
 *
 * @param index   position of the entry in the file, from 0
 * @param offset  byte offset of the entry's 4-byte size prefix in the file
 * @param message the decoded payload (its type depends on the image kind and the index)
 * @param extra   the bytes that follow the payload exactly as in the file (padding included),
 *                empty when the image kind has none
 */
public record ImageEntry(int index, long offset, Message message, byte[] extra) {
    /**
     * The message's type name.
     *
     * @return the name CRIU's .proto definitions give it ("core_entry", "pagemap_head")
     */
    public String typeName() {
        return message.getDescriptorForType().getName();
    }
}
