package io.github.conductorjwt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.github.conductorjwt.core.IndependentVerifier;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer the benchmark compares makes a real token of the same header and claims: the floor
 * and the {@code content()} layer are no shortcuts, so the ratios compare like with like.
 */
class ProviderBenchmarkTest {

    static Stream<Arguments> layers() {
        return Stream.of("RS256", "PS256", "ES256", "EdDSA", "HS256")
                .flatMap(a -> Stream.of(Arguments.of(a, "jdk"), Arguments.of(a, "accp")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("layers")
    void everyLayerSignsATokenTheIndependentVerifierAccepts(String algorithm, String provider)
            throws Throwable {
        ProviderBenchmark bench = new ProviderBenchmark();
        bench.algorithm = algorithm;
        bench.provider = provider;
        bench.setUp((ClassLoader) null);
        Object key = bench.verificationKey();

        SignedJWT core = IndependentVerifier.verify(bench.current.token(bench.core()), key);
        for (String token : new String[] {bench.noJjwt(), bench.jjwtContent(), bench.bareJjwt()}) {
            SignedJWT jwt = IndependentVerifier.verify(token, key);
            assertThat(jwt.getHeader().toJSONObject()).isEqualTo(core.getHeader().toJSONObject());
            Map<String, Object> claims = jwt.getJWTClaimsSet().toJSONObject();
            Map<String, Object> coreClaims = core.getJWTClaimsSet().toJSONObject();
            assertThat(claims.keySet()).isEqualTo(coreClaims.keySet());
            for (String fixed : new String[] {"iss", "sub", "aud", "scope"}) {
                assertThat(claims.get(fixed)).as(fixed).isEqualTo(coreClaims.get(fixed));
            }
            assertThat(
                            jwt.getJWTClaimsSet().getExpirationTime().getTime()
                                    - jwt.getJWTClaimsSet().getIssueTime().getTime())
                    .isEqualTo(3_600_000);
        }
    }
}
