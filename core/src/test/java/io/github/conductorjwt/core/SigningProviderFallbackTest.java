package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} where ACCP cannot serve: it falls back to the JDK, says why, and signs; {@code accp}
 * refuses to start instead.
 */
class SigningProviderFallbackTest {

    private static final SigningProvider.Accp NOT_ON_CLASS_PATH =
            new SigningProvider.Accp() {
                @Override
                public Provider load() {
                    throw new NoClassDefFoundError(
                            "com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider");
                }

                @Override
                public void selfTest(Provider loaded) {
                    throw new AssertionError("not loaded, so not tested");
                }
            };

    /** Loads, but fails its self-test; it has no algorithms, so signing with it would fail. */
    private static final SigningProvider.Accp FAILS_SELF_TEST =
            new SigningProvider.Accp() {
                @Override
                public Provider load() {
                    return new Provider("BrokenAccp", "0", "no algorithms") {};
                }

                @Override
                public void selfTest(Provider loaded) {
                    throw new IllegalStateException("self-test failed");
                }
            };

    @Test
    void autoSignsWithTheJdkWhenAccpIsNotOnTheClassPath() {
        SigningProvider provider =
                SigningProvider.choose(SigningProvider.Choice.AUTO, NOT_ON_CLASS_PATH);

        assertThat(provider.name()).isEqualTo("jdk");
        assertThat(provider.reason())
                .isEqualTo(
                        "auto: ACCP unusable (not on the class path or not for this platform"
                                + " (NoClassDefFoundError))");
        assertSigns(provider);
    }

    @Test
    void autoSignsWithTheJdkWhenAccpFailsItsSelfTest() {
        SigningProvider provider =
                SigningProvider.choose(SigningProvider.Choice.AUTO, FAILS_SELF_TEST);

        assertThat(provider.name()).isEqualTo("jdk");
        assertThat(provider.reason())
                .isEqualTo("auto: ACCP unusable (self-test failed: IllegalStateException)");
        assertSigns(provider);
    }

    @Test
    void accpAskedForRefusesToStartSayingWhy() {
        assertThatThrownBy(
                        () -> SigningProvider.choose(SigningProvider.Choice.ACCP, FAILS_SELF_TEST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ACCP asked for but unusable: self-test failed: IllegalStateException");
    }

    /**
     * The real thing: a JVM whose class path lacks the ACCP jar, choosing {@code auto} through the
     * public entry point, as a deployment that left the jar out does.
     */
    @Test
    void aJvmWithoutTheAccpJarSignsWithTheJdk() throws Exception {
        String classPath = System.getProperty("java.class.path");
        List<String> kept =
                Arrays.stream(classPath.split(File.pathSeparator))
                        .filter(entry -> !entry.contains("AmazonCorrettoCryptoProvider"))
                        .toList();
        assertThat(kept)
                .as("the ACCP jar is on this test's class path, so leaving it out means something")
                .hasSizeLessThan(classPath.split(File.pathSeparator).length);

        Path output = Files.createTempFile("no-accp-", ".txt");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    ProcessHandle.current().info().command().orElse("java"),
                                    "-cp",
                                    String.join(File.pathSeparator, kept),
                                    WithoutAccp.class.getName())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile());
            builder.environment().put(WithoutAccp.KEY_ENV, TestKeys.pkcs8Pem(TestKeys.RSA_2048));
            Process child = builder.start();
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child JVM ended").isTrue();
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();

            assertThat(lines.get(0)).isEqualTo("jdk");
            assertThat(lines.get(1))
                    .isEqualTo(
                            "auto: ACCP unusable (not on the class path or not for this platform"
                                    + " (NoClassDefFoundError))");
            IndependentVerifier.verify(lines.get(2), TestKeys.RSA_2048.getPublic());
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void assertSigns(SigningProvider provider) {
        SignedJwt jwt =
                new JwtSigner()
                        .sign(
                                new JwtRequestReader(SigningPolicy.defaults(), provider)
                                        .read(input()));
        assertThat(
                        IndependentVerifier.verify(jwt.token(), TestKeys.RSA_2048.getPublic())
                                .getHeader()
                                .getAlgorithm()
                                .getName())
                .isEqualTo("RS256");
    }

    private static Map<String, Object> input() {
        return input(TestKeys.pkcs8Pem(TestKeys.RSA_2048));
    }

    private static Map<String, Object> input(String privateKeyPem) {
        return ExampleInputs.aroundKey("RS256", privateKeyPem, null);
    }

    /** The child JVM: prints the provider's name, its reason and a token signed with it. */
    static final class WithoutAccp {

        /** The parent's key, so the parent can verify the token. */
        static final String KEY_ENV = "NO_ACCP_TEST_KEY";

        public static void main(String[] args) {
            SigningProvider provider = SigningProvider.choose(SigningProvider.Choice.AUTO);
            System.out.println(provider.name());
            System.out.println(provider.reason());
            System.out.println(
                    new JwtSigner()
                            .sign(
                                    new JwtRequestReader(SigningPolicy.defaults(), provider)
                                            .read(input(System.getenv(KEY_ENV))))
                            .token());
        }
    }
}
