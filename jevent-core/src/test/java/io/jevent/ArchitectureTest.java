package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/design.md, read off the sources: each package imports only the layers below
 * it, so the packages form no cycle, and the engines behind the public classes expose no mutable
 * state.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** The classes compiled on JDK 22+ only (the native backends) live in the same layers. */
    private static final Path SOURCES_22 = Path.of("src/main/java22");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.jevent[\\w.]*)\\.\\w+;", Pattern.MULTILINE);

    /** What each package may import from jevent, beside itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "io.jevent.internal.jfr", Set.of(),
            "io.jevent.internal", Set.of("io.jevent.internal.jfr", "io.jevent.buffer.internal"),
            "io.jevent", Set.of("io.jevent.internal"),
            "io.jevent.buffer.internal", Set.of(),
            "io.jevent.buffer", Set.of("io.jevent", "io.jevent.internal", "io.jevent.buffer.internal"),
            "io.jevent.bufferevent.internal", Set.of(),
            "io.jevent.bufferevent", Set.of("io.jevent", "io.jevent.internal", "io.jevent.internal.jfr",
                    "io.jevent.buffer", "io.jevent.buffer.internal", "io.jevent.bufferevent.internal"),
            "io.jevent.listener", Set.of("io.jevent", "io.jevent.internal", "io.jevent.internal.jfr"));

    @Test
    void eachPackageImportsOnlyTheLayersBelowIt() throws IOException {
        Map<String, Set<String>> imports = packageImports();
        assertThat(imports.keySet()).as("every package has a place in the layers").isSubsetOf(ALLOWED.keySet());
        imports.forEach((pkg, used) -> assertThat(used).as(pkg + " imports").isSubsetOf(ALLOWED.get(pkg)));
    }

    @Test
    void thePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> imports = packageImports();
        for (String start : imports.keySet()) {
            assertThat(reachable(start, imports)).as("packages reachable from " + start).doesNotContain(start);
        }
    }

    @Test
    void internalClassesHaveNoPublicMutableFields() throws Exception {
        List<String> mutable = new ArrayList<>();
        for (Path file : sourceFiles(SOURCES)) {
            String name = SOURCES.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
            if (!name.contains(".internal.")) {
                continue;
            }
            for (Field f : Class.forName(name).getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && !Modifier.isFinal(m)) {
                    mutable.add(name + "." + f.getName());
                }
            }
        }
        assertThat(mutable).as("collaborators get methods, not fields").isEmpty();
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> imports) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(imports.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (seen.add(p)) {
                todo.addAll(imports.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    /** For each package, the other jevent packages its files import. */
    private static Map<String, Set<String>> packageImports() throws IOException {
        Map<String, Set<String>> result = new TreeMap<>();
        for (Path root : List.of(SOURCES, SOURCES_22)) {
            for (Path file : sourceFiles(root)) {
                String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = result.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return result;
    }

    private static List<Path> sourceFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
