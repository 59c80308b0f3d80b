package dev.cr.engine.migrate.trust;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.*;

/** Who holds the other end of a loopback connection, from the kernel's tables, with real sockets and processes. */
class LoopbackPeerTest {
    @Test
    void findsTheHolderOfTheOtherEndAndNoOneElse() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            assertTrue(LoopbackPeer.otherEndHeldBy(accepted, List.of(ProcessHandle.current())), "this JVM holds the client end");
            assertFalse(LoopbackPeer.otherEndHeldBy(accepted, List.of(bystander.toHandle())), "a process without it does not");
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void readsTheSocketTableAsTheKernelWritesIt() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0 100 0 0 10 0",
                "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2222 1 0 20 4 30 10 -1",
                "   2: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 3333 1 0 20 4 30 10 -1");
        assertEquals(OptionalLong.of(3333), LoopbackPeer.inode(table, 0xC350, 0x1F90));
        assertEquals(OptionalLong.of(2222), LoopbackPeer.inode(table, 0x1F90, 0xC350), "the established one, not the listener");
        assertEquals(OptionalLong.empty(), LoopbackPeer.inode(table, 0x1F91, 0xC350));
    }
}
