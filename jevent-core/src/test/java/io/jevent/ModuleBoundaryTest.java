package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module exports the public API packages only, and needs nothing beyond the JDK: signals,
 * JMX and the flight recorder are JDK modules.
 */
class ModuleBoundaryTest {

    @Test
    void onlyPublicPackagesAreExportedAndNothingOutsideTheJdkIsRequired() throws Exception {
        ModuleDescriptor module;
        Path classes = Path.of(EventBase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("io.jevent");
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertThat(exported).contains("io.jevent").noneMatch(p -> p.contains("internal"));
        Set<String> required = module.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertThat(required).containsExactlyInAnyOrder("java.base", "jdk.unsupported", "java.management", "jdk.jfr");
    }
}
