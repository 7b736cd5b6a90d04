package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports its API package only and needs nothing but jevent-core and the JDK. */
class DnsModuleBoundaryTest {
    @Test
    void exportsOnlyTheApiAndRequiresOnlyJeventCore() throws Exception {
        ModuleDescriptor module;
        Path classes = Path.of(DnsResolver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("io.jevent.dns");
        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.jevent.dns");
        Set<String> required = module.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertThat(required).containsExactlyInAnyOrder("java.base", "io.jevent");
    }
}
