package dev.cr.cli;

import dev.cr.engine.migrate.trust.Fingerprint;
import dev.cr.engine.migrate.trust.ServeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Finding 3 of the security review (docs/security.md, "a local user on either host"): the join token never travels
 * on a command line, where any local user reads it in /proc/PID/cmdline and can spend it first; and a token can be
 * bound to the one source that may use it.
 */
class JoinTokenOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void aTokenOnTheCommandLineIsRefusedBeforeAnythingHappens() {
        CrRun r = CrRun.cr("migrate", "--pid", "1", "--to", "192.0.2.1:7443", "--fingerprint", "00".repeat(32),
                "--token", "secret-token", "--identity", tmp.resolve("client").toString());
        assertEquals(2, r.status(), "a usage error: " + r.out() + r.err());
        assertTrue(r.err().contains("/proc/PID/cmdline") && r.err().contains("--token-file"), r.err());
        assertFalse(r.err().contains("secret-token"), "the error does not repeat the token: " + r.err());
    }

    @Test
    void showIdentityPrintsTheClientFingerprintThatATokenCanBeBoundTo() {
        CrRun r = CrRun.cr("migrate", "--show-identity", "--identity", tmp.resolve("client").toString());
        assertEquals(0, r.status(), r.err());
        String fp = r.out().strip().replace("client fingerprint: ", "");
        Fingerprint.parse(fp); // a fingerprint cr serve token --for takes

        CrRun t = CrRun.cr("serve", "token", "--dir", tmp.resolve("serve").toString(), "--for", fp);
        assertEquals(0, t.status(), t.err());
        String token = t.out().strip();
        var tokens = new ServeState(tmp.resolve("serve")).tokens();
        Fingerprint other = Fingerprint.parse("ab".repeat(32));
        assertFalse(tokens.consume(token, other), "another source cannot use it");
        assertTrue(tokens.consume(token, Fingerprint.parse(fp)), "the bound source can, once");
        assertFalse(tokens.consume(token, Fingerprint.parse(fp)), "only once");
    }

    /** An empty token file says so, and names the file, instead of connecting without a token. */
    @Test
    void anEmptyTokenFileIsAnErrorNamingIt() throws Exception {
        Path empty = java.nio.file.Files.createFile(tmp.resolve("token"));
        CrRun r = CrRun.cr("migrate", "--pid", "1", "--to", "192.0.2.1:7443", "--fingerprint", "00".repeat(32),
                "--token-file", empty.toString(), "--identity", tmp.resolve("client").toString());
        assertEquals(Cli.FAILED, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(empty.toString()) && r.err().contains("empty"), r.err());
    }
}
