package io.github.conductorjwt.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.conductorjwt.core.ExampleInputs;
import io.github.conductorjwt.core.IndependentVerifier;
import io.github.conductorjwt.core.JwtSigner;
import io.github.conductorjwt.core.TestKeys;
import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline really is the old core: compiled from git at a commit whose core differs from
 * today's in a way a class loader can see (9b04ec2 added {@code Base64UrlStream}; its parent
 * 902de37 has none), loaded beside the current core without mixing the two, and driven like it.
 */
class BaselineCoreTest {

    /** The last commit before the core had a {@code Base64UrlStream}. */
    private static final String BEFORE_BASE64URL_STREAM = "902de37";

    @TempDir static Path workDir;

    private static Path classes;
    private static ClassLoader loader;

    @BeforeAll
    static void compile() throws Exception {
        assumeTrue(
                BaselineCore.available(BEFORE_BASE64URL_STREAM),
                "this checkout's git history lacks " + BEFORE_BASE64URL_STREAM);
        classes = BaselineCore.compile(BEFORE_BASE64URL_STREAM, workDir);
        loader = BaselineCore.loader(classes, BaselineCoreTest.class.getClassLoader());
    }

    @Test
    void theCoresClassesComeFromTheBaselineAndEverythingElseFromTheParent() throws Exception {
        Class<?> signer = loader.loadClass(JwtSigner.class.getName());

        assertThat(signer).isNotSameAs(JwtSigner.class);
        assertThat(Path.of(signer.getProtectionDomain().getCodeSource().getLocation().toURI()))
                .isEqualTo(classes);
        assertThat(loader.loadClass(Jwts.class.getName())).isSameAs(Jwts.class);
    }

    @Test
    void aClassTheOldCoreLacksIsNotTakenFromTheCurrentOne() throws Exception {
        String stream = JwtSigner.class.getPackageName() + ".Base64UrlStream";
        assertThat(Class.forName(stream)).isNotNull();

        assertThatThrownBy(() -> loader.loadClass(stream))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theOldCoreSignsThroughTheDriverATokenTheIndependentVerifierAccepts() throws Throwable {
        KeyPair pair = TestKeys.ec("secp256r1");
        Map<String, Object> input = ExampleInputs.orkesExample(TestKeys.pkcs8Pem(pair));
        input.put("algorithm", "ES256");
        CoreDriver driver = CoreDriver.load(loader, "ES256", "jdk");

        Object signed = driver.sign(input);

        assertThat(signed.getClass().getClassLoader()).isSameAs(loader);
        assertThat(IndependentVerifier.claims(driver.token(signed), pair.getPublic()).getSubject())
                .isEqualTo("svc@example.iam.gserviceaccount.com");
    }

    @Test
    void aSecondCompileOfTheSameCommitReusesTheFirst() throws Exception {
        Path marker = classes.resolve(".complete");
        long compiledAt = Files.getLastModifiedTime(marker).toMillis();

        assertThat(BaselineCore.compile(BEFORE_BASE64URL_STREAM, workDir)).isEqualTo(classes);
        assertThat(Files.getLastModifiedTime(marker).toMillis()).isEqualTo(compiledAt);
    }
}
