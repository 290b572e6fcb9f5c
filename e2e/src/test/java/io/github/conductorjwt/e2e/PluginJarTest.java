package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static Path pluginJar() throws IOException {
        Path dir = Path.of(System.getProperty("conductorjwt.plugin.dir"));
        try (Stream<Path> jars = Files.list(dir)) {
            List<Path> plugin = jars.filter(p -> p.toString().endsWith(".jar")).toList();
            assertThat(plugin).hasSize(1);
            return plugin.get(0);
        }
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(pluginJar().toFile())) {
            return jar.stream().map(e -> e.getName()).toList();
        }
    }

    /**
     * The IDE help users see for conductor.jwt.*: descriptions come from the properties record's
     * Javadoc (one source), the hand-written file adds only hints.
     */
    @Test
    void describesEverySettingFromTheRecordAndHintsTheProviderValues() throws IOException {
        JsonNode metadata;
        try (JarFile jar = new JarFile(pluginJar().toFile())) {
            metadata =
                    new ObjectMapper()
                            .readTree(
                                    jar.getInputStream(
                                            jar.getEntry(
                                                    "META-INF/spring-configuration-metadata.json")));
        }
        assertThat(metadata.path("properties"))
                .extracting(p -> p.path("name").asText())
                .containsExactlyInAnyOrder(
                        "conductor.jwt.enabled",
                        "conductor.jwt.max-ttl",
                        "conductor.jwt.default-algorithm",
                        "conductor.jwt.key-cache-size",
                        "conductor.jwt.output-cache-size",
                        "conductor.jwt.provider",
                        "conductor.jwt.jwks-file",
                        "conductor.jwt.pkcs11.library",
                        "conductor.jwt.pkcs11.slot",
                        "conductor.jwt.pkcs11.slot-list-index",
                        "conductor.jwt.pkcs11.pin-env",
                        "conductor.jwt.pkcs11.pin-file",
                        "conductor.jwt.pkcs11.keys",
                        "conductor.jwt.pkcs11.reload-seconds",
                        "conductor.jwt.pkcs11.publish-delay-seconds",
                        "conductor.jwt.pkcs11.retire-seconds",
                        "conductor.jwt.google.accounts",
                        "conductor.jwt.google.credentials-file",
                        "conductor.jwt.google.endpoint",
                        "conductor.jwt.google.delegates",
                        "conductor.jwt.verify.jwks-allowed-hosts");
        assertThat(metadata.path("properties"))
                .allSatisfy(p -> assertThat(p.path("description").asText()).isNotBlank());
        assertThat(metadata.path("hints"))
                .filteredOn(h -> h.path("name").asText().equals("conductor.jwt.provider"))
                .singleElement()
                .satisfies(
                        h ->
                                assertThat(h.path("values"))
                                        .extracting(v -> v.path("value").asText())
                                        .containsExactly("auto", "jdk", "accp"));
    }

    @Test
    void carriesOurCodeJjwtAndTheAutoConfigurationEntry() throws IOException {
        assertThat(entries())
                .contains(
                        "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                        "META-INF/spring-configuration-metadata.json",
                        "META-INF/conductor-jwt/get-signed-jwt-input.schema.json",
                        "META-INF/conductor-jwt/verify-jwt-input.schema.json",
                        "io/github/conductorjwt/plugin/VerifyJwtSystemTask.class",
                        "io/github/conductorjwt/core/JwtVerifier.class",
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
                                        || name.startsWith("com/netflix/")
                                        // google-auth-library: the server's own (1.33.0).
                                        || name.startsWith("com/google/"));
    }
}
