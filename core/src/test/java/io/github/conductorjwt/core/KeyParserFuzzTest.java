package io.github.conductorjwt.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the key parser with every algorithm and every shape of key text ({@link FuzzKeys}), then
 * checks and signs with what it accepts, as a request would. Only {@link FuzzInvariant}'s outcomes
 * are allowed: a token that verifies against the key the text carries or implies, or a refusal that
 * quotes neither the key text nor the password.
 *
 * <p>Every build replays the seeds under {@code
 * src/test/resources/io/github/conductorjwt/core/KeyParserFuzzTestInputs/parsesOrRefuses/} (see
 * {@link FuzzSeeds}). A long run, one target at a time, from the project root (the {@code fuzz}
 * profile sets {@code JAZZER_FUZZ=1}, instruments BouncyCastle, JJWT and Jackson too, and turns the
 * {@code @Timeout} into Jazzer's per-input limit):
 *
 * <pre>
 * mvn -B -pl core test -Pfuzz -Dtest=KeyParserFuzzTest -Djazzer.max_duration=30m
 * mvn -B -pl core test -Pfuzz -Dtest=JwtRequestReaderFuzzTest -Djazzer.max_duration=30m
 * </pre>
 *
 * Add {@code -Djazzer.keep_going=100} to go on past the first finding (a timeout still ends the
 * run). Jazzer keeps what it learns in {@code core/.cifuzz-corpus/} and writes each failing input
 * into the seed folder above as {@code crash-<sha1>} or {@code timeout-<sha1>}, where every later
 * build replays it until the bug is fixed; then add it to {@link FuzzSeeds}' findings.
 */
class KeyParserFuzzTest {

    /** A hang fails the build even in a regression run; slowness is {@link FuzzInvariant}'s. */
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] input) {
        Case key = Case.read(input);
        FuzzInvariant.holds(key.inputStrings(), key::sign, key::check);
    }

    /** One input: parsed, checked and signed with as a request would be. */
    record Case(SigningAlgorithm algorithm, String text, String password) {

        /** Any valid lifetime: the request around the key is not what this target varies. */
        private static final Duration TTL = Duration.ofMinutes(5);

        private static final String ISSUER = "issuer";
        private static final String SUBJECT = "subject";
        private static final String AUDIENCE = "audience";

        static Case read(byte[] input) {
            FuzzTape tape = new FuzzTape(input);
            SigningAlgorithm algorithm = tape.pick(SigningAlgorithm.values());
            String text = FuzzKeys.keyText(tape);
            return new Case(algorithm, text, FuzzKeys.password(tape));
        }

        /** Every string the input holds. */
        List<String> inputStrings() {
            return Arrays.asList(algorithm.name(), text, password);
        }

        /**
         * The token verifies with the key the text carries or implies and has the request's header
         * and claims.
         */
        void check(SignedJwt token) {
            FuzzOracle.check(
                    token,
                    FuzzOracle.verificationKey(text, algorithm, password),
                    new FuzzOracle.Expected(
                            algorithm.name(),
                            FuzzOracle.declaredKeyId(text),
                            ISSUER,
                            SUBJECT,
                            List.of(AUDIENCE),
                            TTL.toSeconds(),
                            null,
                            null,
                            List.of(),
                            Map.of(),
                            Map.of()));
        }

        SignedJwt sign() {
            SigningKey key = KeyParser.parse(ConfidentialText.of(text), algorithm, password);
            KeyRules.check(key, algorithm);
            return new JwtSigner()
                    .sign(
                            new JwtRequest(
                                    ISSUER,
                                    SUBJECT,
                                    List.of(AUDIENCE),
                                    key.keyId(),
                                    TTL,
                                    null,
                                    null,
                                    List.of(),
                                    Map.of(),
                                    Map.of(),
                                    algorithm,
                                    key));
        }

        @Override
        public String toString() {
            return "Case[" + algorithm + ", key text redacted]";
        }
    }
}
