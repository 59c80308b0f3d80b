package dev.cr.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's public API carries neither generated protobuf types ({@code dev.cr.proto}) nor FFM types
 * ({@code java.lang.foreign}), nor types of the engine's own internal packages: a caller reads checkpoints through
 * explorers and records, and calls CRIU and liblxc through the engine's own types, so the image schema and the
 * bindings can change without breaking callers. Which packages are API is what the engine's module descriptor
 * exports (checked here against the list below); every public or protected member of every public class of those
 * packages is checked by reflection over the engine's compiled classes, including type arguments, bounds,
 * supertypes and thrown types. The tests run on the class path, so the descriptors are read from the compiled
 * {@code module-info.class} files.
 */
class PublicApiTest {
    /** The packages callers use; anything else in the engine (the wire protocol, post-copy) is internal. */
    private static final Set<String> API = Set.of("dev.cr.engine", "dev.cr.engine.archive", "dev.cr.engine.criu",
            "dev.cr.engine.image", "dev.cr.engine.lxc", "dev.cr.engine.migrate", "dev.cr.engine.migrate.source",
            "dev.cr.engine.migrate.target", "dev.cr.engine.migrate.trust", "dev.cr.engine.registry",
            "dev.cr.engine.stats");

    /**
     * Public members of API packages that still take or give a wire-protocol type ({@code Wire}, {@code Message}):
     * the senders and receivers of a migration's two sides, public because the transfer tests in
     * {@code dev.cr.engine.migrate} drive both sides at once. No caller outside the engine can use them (the
     * protocol package is not exported). Making them package-private means moving those tests beside them.
     */
    private static final Map<String, String> INTERNAL_ALLOWED = Map.of(
            "dev.cr.engine.migrate.source.Replies#start", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.source.Replies#next", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.source.ImageSender#ImageSender", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.source.TreeSender#TreeSender", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.target.ImageReceiver#receive", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.target.TreeReceiver#receive", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.target.TreeReceiver#remove", "transfer internals, used by the engine's transfer tests",
            "dev.cr.engine.migrate.target.TreeReceiver#done", "transfer internals, used by the engine's transfer tests");

    /**
     * Members allowed to mention a generated type, with the reason. The crit-compatible JSON path is the one place
     * where the message itself is the point: {@code cr decode} turns any CRIU image into crit's JSON field by field,
     * and a caller decoding an image whose type it knows wants the generated message. The JSON codec itself
     * ({@code ImageJson}, and {@code EntryJson}, {@code WireJson}, {@code CritRendering} behind it) takes and gives
     * bytes and text only, so it needs no allowance; {@code ImageFile} hands out {@code ImageEntry} records.
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "dev.cr.engine.image.ImageEntry#message",
            "the decoded message of one image entry: crit-compatible JSON, and callers that know the image's type",
            "dev.cr.engine.image.ImageEntry#ImageEntry",
            "the canonical constructor of the same record: Java makes it as public as the record");

    /** The generated messages, the protobuf runtime they are written against, and FFM. */
    private static final Set<String> FORBIDDEN_PACKAGES = Set.of("dev.cr.proto", "com.google.protobuf", "java.lang.foreign");

    /**
     * The engine's descriptor exports exactly the API packages to everyone, the JSON writer and reader to the CLI
     * alone (cr's one JSON implementation, not an API), and opens nothing.
     */
    @Test
    void theEngineModuleExportsTheApiPackagesOnly() throws Exception {
        ModuleDescriptor engine = descriptor(CrException.class);
        assertEquals("dev.cr.engine", engine.name());
        assertEquals(API, new TreeSet<>(engine.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).toList()));
        assertEquals(Map.of("dev.cr.engine.json", Set.of("dev.cr.cli")), engine.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .collect(java.util.stream.Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)),
                engine.exports().toString());
        assertTrue(engine.opens().isEmpty() && !engine.isOpen(), "nothing opened for reflection: " + engine.opens());
    }

    /** The bindings are exported to the engine and nobody else: no other module can call C through cr. */
    @Test
    void theBindingsAreExportedToTheEngineOnly() throws Exception {
        ModuleDescriptor ffm = descriptor(dev.cr.ffm.criu.criu_h.class);
        assertEquals("dev.cr.ffm", ffm.name());
        assertTrue(ffm.exports().size() >= 4, ffm.exports().toString());
        for (ModuleDescriptor.Exports e : ffm.exports()) {
            assertEquals(Set.of("dev.cr.engine"), e.targets(), e.source() + " is exported to the engine only");
        }
        ModuleDescriptor proto = descriptor(dev.cr.proto.CoreProto.class);
        for (ModuleDescriptor.Exports e : proto.exports()) {
            assertTrue(e.isQualified() && e.targets().contains("dev.cr.engine"), "generated messages: " + e);
        }
    }

    @Test
    void noPublicSignatureMentionsAGeneratedOrAForeignType() throws Exception {
        List<String> classes = engineClasses();
        assertTrue(classes.size() > 100, "found the engine's classes: " + classes.size());
        assertTrue(classes.contains("dev.cr.engine.image.ImageDir"), "the scan sees the image package");
        Set<String> offences = new TreeSet<>();
        for (String name : classes) {
            Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
            if (!exported(c)) continue;
            offences.addAll(offences(c));
        }
        assertEquals(Set.of(), offences, "public engine signatures that mention a protobuf (dev.cr.proto, com.google.protobuf), "
                + "java.lang.foreign or non-exported engine type: give callers a record or an explorer instead, or make "
                + "the member package-private");
        Set<String> allowances = new TreeSet<>(ALLOWED.keySet());
        allowances.addAll(INTERNAL_ALLOWED.keySet());
        assertEquals(allowances, USED, "every allowance names a public member that still exists");
    }

    /** The scan itself: a class that leaks is found, in each place a type can hide in a signature. */
    @Test
    void theScanFindsEachKindOfLeak() {
        Set<String> found = offences(Leaky.class);
        for (String member : List.of("field", "returned", "parameter", "wrapped", "bounded", "thrown", "array",
                "Leaky(dev.cr.proto", "protectedOne", "internal")) {
            assertTrue(found.stream().anyMatch(f -> f.contains(member)), member + " in " + found);
        }
        assertTrue(found.stream().noneMatch(f -> f.contains("hidden") || f.contains("clean")), found.toString());
        assertTrue(offences(LeakyType.class).stream().anyMatch(f -> f.contains("extends")), "a supertype is a signature");
    }

    /** Public in an API package, and reachable: every enclosing class public too. */
    private static boolean exported(Class<?> c) {
        if (!API.contains(c.getPackageName())) return false;
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) return false;
        }
        return true;
    }

    /** The allowances the scan met: one it no longer meets is stale and must go. */
    private static final Set<String> USED = new HashSet<>();

    static Set<String> offences(Class<?> c) {
        Set<String> out = new TreeSet<>();
        List<Type> supertypes = new ArrayList<>(List.of(c.getGenericInterfaces()));
        if (c.getGenericSuperclass() != null) supertypes.add(c.getGenericSuperclass());
        for (Type t : supertypes) check(c.getName() + " extends/implements", t, out);
        for (TypeVariable<?> v : c.getTypeParameters()) check(c.getName() + "<" + v.getName() + ">", v, out);
        for (Field f : c.getDeclaredFields()) {
            if (visible(f)) check(c.getName() + "#" + f.getName(), f.getGenericType(), out);
        }
        List<Executable> code = new ArrayList<>(List.of(c.getDeclaredMethods()));
        code.addAll(List.of(c.getDeclaredConstructors()));
        for (Executable e : code) {
            if (!visible(e) || e.isSynthetic() || (e instanceof Method m && m.isBridge())) continue;
            String where = e instanceof Constructor<?> ? c.getName() + "#" + c.getSimpleName() : c.getName() + "#" + e.getName();
            if (ALLOWED.containsKey(where)) {
                USED.add(where);
                continue;
            }
            String at = where + "(" + String.join(",", Stream.of(e.getParameterTypes()).map(Class::getName).toList()) + ")";
            if (e instanceof Method m) check(at + " returns", m.getGenericReturnType(), out);
            for (Type p : e.getGenericParameterTypes()) check(at + " takes", p, out);
            for (Type x : e.getGenericExceptionTypes()) check(at + " throws", x, out);
            for (TypeVariable<?> v : e.getTypeParameters()) check(at + " <" + v.getName() + ">", v, out);
        }
        return out;
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private static void check(String where, Type t, Set<String> out) {
        for (Class<?> k : mentioned(t, new HashSet<>())) {
            String pkg = k.getPackageName();
            boolean internal = pkg.startsWith("dev.cr.engine") && !API.contains(pkg)
                    && !k.getName().startsWith(PublicApiTest.class.getName());
            if (internal) {
                String member = where.contains("(") ? where.substring(0, where.indexOf('(')) : where;
                if (INTERNAL_ALLOWED.containsKey(member)) {
                    USED.add(member);
                    continue;
                }
            }
            if (FORBIDDEN_PACKAGES.contains(pkg) || internal) out.add(where + ": " + k.getName());
        }
    }

    /** Every class a type names: itself, its type arguments, bounds and array components. */
    private static Set<Class<?>> mentioned(Type t, Set<Type> seen) {
        Set<Class<?>> out = new HashSet<>();
        if (t == null || !seen.add(t)) return out;
        switch (t) {
            case Class<?> k -> {
                Class<?> base = k;
                while (base.isArray()) base = base.getComponentType();
                out.add(base);
            }
            case ParameterizedType p -> {
                out.addAll(mentioned(p.getRawType(), seen));
                out.addAll(mentioned(p.getOwnerType(), seen));
                for (Type a : p.getActualTypeArguments()) out.addAll(mentioned(a, seen));
            }
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) out.addAll(mentioned(b, seen));
                for (Type b : w.getLowerBounds()) out.addAll(mentioned(b, seen));
            }
            case GenericArrayType a -> out.addAll(mentioned(a.getGenericComponentType(), seen));
            case TypeVariable<?> v -> { for (Type b : v.getBounds()) out.addAll(mentioned(b, seen)); }
            default -> { }
        }
        return out;
    }

    /** The module descriptor compiled next to {@code inModule} (its classes directory or its jar). */
    private static ModuleDescriptor descriptor(Class<?> inModule) throws IOException, URISyntaxException {
        Path location = Path.of(inModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (FileSystem jar = FileSystems.newFileSystem(location); InputStream in = Files.newInputStream(jar.getPath("/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /**
     * The names of the engine's main classes, read from where {@link CrException} was loaded: target/classes when
     * the tests run from the build, or the engine's jar.
     */
    private static List<String> engineClasses() throws IOException, URISyntaxException {
        Path location = Path.of(CrException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) return classesUnder(location);
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return classesUnder(jar.getPath("/"));
        }
    }

    private static List<String> classesUnder(Path root) throws IOException {
        Path engine = root.resolve("dev/cr/engine");
        try (Stream<Path> files = Files.walk(engine)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }

    // ---- what the scan must find (test classes: outside the scanned directory)

    @SuppressWarnings("unused")
    public static class Leaky {
        public dev.cr.proto.MntProto.mnt_entry field;
        private dev.cr.proto.MntProto.mnt_entry hidden;

        public Leaky(dev.cr.proto.MntProto.mnt_entry m) {}

        public dev.cr.proto.CoreProto.core_entry returned() { return null; }
        public void parameter(java.lang.foreign.MemorySegment s) {}
        public List<? extends dev.cr.proto.MmProto.mm_entry> wrapped() { return List.of(); }
        public <T extends java.lang.foreign.Arena> void bounded(T t) {}
        public void thrown() throws com.google.protobuf.InvalidProtocolBufferException {}
        public dev.cr.proto.StatsProto.stats_entry[] array() { return null; }
        protected dev.cr.proto.FsProto.fs_entry protectedOne() { return null; }
        void hiddenToo(dev.cr.proto.FsProto.fs_entry f) {}
        public void internal(dev.cr.engine.migrate.protocol.Wire w) {}
        public String clean(int x) { return ""; }
    }

    public abstract static class LeakyType implements java.lang.foreign.SegmentAllocator {}
}
