package dev.cr.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
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
 * ({@code java.lang.foreign}): a caller reads checkpoints through explorers and records, and calls CRIU and liblxc
 * through the engine's own types, so the image schema and the bindings can change without breaking callers.
 * Every public or protected member of every public class of the exported packages is checked by reflection over
 * the engine's compiled classes, including type arguments, bounds, supertypes and thrown types.
 */
class PublicApiTest {
    /** The wire protocol between a migration's two ends: internal to the engine, not a package callers use. */
    private static final String NOT_EXPORTED = "dev.cr.engine.migrate.protocol";

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
        assertEquals(Set.of(), offences, "public engine signatures that mention a protobuf (dev.cr.proto, com.google.protobuf) or java.lang.foreign "
                + "type: give callers a record or an explorer instead, or make the member package-private");
        assertEquals(ALLOWED.keySet(), USED, "every allowance names a public member that still exists");
    }

    /** The scan itself: a class that leaks is found, in each place a type can hide in a signature. */
    @Test
    void theScanFindsEachKindOfLeak() {
        Set<String> found = offences(Leaky.class);
        for (String member : List.of("field", "returned", "parameter", "wrapped", "bounded", "thrown", "array",
                "Leaky(dev.cr.proto", "protectedOne")) {
            assertTrue(found.stream().anyMatch(f -> f.contains(member)), member + " in " + found);
        }
        assertTrue(found.stream().noneMatch(f -> f.contains("hidden") || f.contains("clean")), found.toString());
        assertTrue(offences(LeakyType.class).stream().anyMatch(f -> f.contains("extends")), "a supertype is a signature");
    }

    /**
     * Public in an exported package, and reachable: every enclosing class public too. Once the engine is a named
     * module its descriptor says which packages it exports to everyone; on the class path, every package but the
     * wire protocol's counts.
     */
    private static boolean exported(Class<?> c) {
        String pkg = c.getPackageName();
        Module engine = c.getModule();
        if (engine.isNamed() ? !engine.isExported(pkg) : pkg.equals(NOT_EXPORTED) || pkg.startsWith(NOT_EXPORTED + ".")) {
            return false;
        }
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
            if (FORBIDDEN_PACKAGES.contains(k.getPackageName())) out.add(where + ": " + k.getName());
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
        public String clean(int x) { return ""; }
    }

    public abstract static class LeakyType implements java.lang.foreign.SegmentAllocator {}
}
