package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar users drop on the server's loader.path: our code, JJWT and ACCP, nothing the server
 * already ships (a second Jackson or BouncyCastle there would clash with the server's own).
 */
class PluginJarTest {

    private static List<String> entries() throws IOException {
        Path dir = Path.of(System.getProperty("conductorjwt.plugin.dir"));
        try (Stream<Path> jars = Files.list(dir)) {
            List<Path> plugin = jars.filter(p -> p.toString().endsWith(".jar")).toList();
            assertThat(plugin).hasSize(1);
            try (JarFile jar = new JarFile(plugin.get(0).toFile())) {
                return jar.stream().map(e -> e.getName()).toList();
            }
        }
    }

    @Test
    void carriesOurCodeJjwtAndTheAutoConfigurationEntry() throws IOException {
        assertThat(entries())
                .contains(
                        "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                        "META-INF/spring-configuration-metadata.json",
                        "META-INF/conductor-jwt/get-signed-jwt-input.schema.json",
                        "io/github/conductorjwt/plugin/ConductorJwtAutoConfiguration.class",
                        "io/github/conductorjwt/core/JwtSigner.class",
                        "io/github/conductorjwt/task/SignedJwtTaskHandler.class",
                        "io/jsonwebtoken/Jwts.class",
                        "io/jsonwebtoken/impl/DefaultJwtBuilder.class",
                        "io/jsonwebtoken/jackson/io/JacksonSerializer.class");
    }

    @Test
    void carriesAccpForOurSigningButDoesNotOfferItToTheJvm() throws IOException {
        assertThat(entries())
                .contains(
                        "com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider.class",
                        "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so")
                .doesNotContain("META-INF/services/java.security.Provider");
    }

    @Test
    void leavesOutWhatTheServerShips() throws IOException {
        assertThat(entries())
                .noneMatch(
                        name ->
                                name.startsWith("com/fasterxml/")
                                        || name.startsWith("com/github/benmanes/")
                                        || name.startsWith("org/bouncycastle/")
                                        || name.startsWith("org/slf4j/")
                                        || name.startsWith("org/springframework/")
                                        || name.startsWith("com/netflix/"));
    }
}
