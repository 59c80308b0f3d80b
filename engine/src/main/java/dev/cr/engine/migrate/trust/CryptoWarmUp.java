package dev.cr.engine.migrate.trust;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Runs AES-GCM over TLS-record-sized buffers on a background thread when a migration or the target service
 * starts, so that the JIT has compiled the AES-GCM code (and put in its CPU intrinsics) before the images flow.
 * Without it a fresh JVM encrypts the first hundreds of MiB in interpreted or C1 code: a JFR profile of a migration
 * here showed {@code CounterMode.implCrypt} and {@code GHASH.processBlocks} as the top frames, and the transfer ran
 * at about 20 MiB/s. The work is discarded; it only costs CPU time while the connection is set up and the dump runs.
 */
public final class CryptoWarmUp {
    private static volatile boolean started;
    private static volatile boolean stopped;

    private CryptoWarmUp() {}

    /** Starts the warm-up on a daemon thread; does nothing when it was started before in this JVM. */
    public static void start() {
        if (started) return;
        started = true;
        Thread t = new Thread(CryptoWarmUp::run, "cr-crypto-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Ends the warm-up: called when the real transfer begins, which keeps the same code hot by itself. A JFR
     * profile of a migration showed the warm-up thread, still at work in not-yet-compiled code, taking more CPU
     * samples than the transfer it was meant to speed up (102 against 66, on 2 cores shared with CRIU).
     */
    public static void stop() {
        stopped = true;
    }

    private static void run() {
        try {
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            byte[] record = new byte[16 * 1024];
            byte[] sealed = new byte[record.length + 16];
            byte[] opened = new byte[record.length];
            byte[] iv = new byte[12];
            for (int i = 0; i < 6000 && !stopped; i++) { // about 100 MiB each way: enough for C2 to compile the hot paths
                iv[0] = (byte) i;
                iv[1] = (byte) (i >> 8);
                Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
                enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
                dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                if (i % 2 == 0) {
                    // The JDK's TLS seals and opens records through the ByteBuffer methods, which run other code
                    // (GCMEngine.implGCMCrypt(ByteBuffer...)) than the byte[] ones: a phase log showed that path
                    // still uncompiled when the transfer began while the byte[] path was warm.
                    enc.doFinal(ByteBuffer.wrap(record), ByteBuffer.wrap(sealed));
                    dec.doFinal(ByteBuffer.wrap(sealed), ByteBuffer.wrap(opened));
                } else {
                    int n = enc.doFinal(record, 0, record.length, sealed, 0);
                    dec.doFinal(sealed, 0, n, opened, 0);
                }
            }
        } catch (GeneralSecurityException e) {
            // no AES-GCM here: TLS 1.3 would negotiate another suite; nothing to warm up
        }
    }
}
