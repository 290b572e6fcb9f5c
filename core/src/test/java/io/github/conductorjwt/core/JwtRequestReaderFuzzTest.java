package io.github.conductorjwt.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the request reader with task inputs of every JSON type ({@link FuzzRequests}), then signs
 * what it accepts. Only {@link FuzzInvariant}'s outcomes are allowed; the secrets that must never
 * be quoted are every string given as {@code privateKey} or {@code privateKeyPassword}.
 *
 * <p>Every build replays the seeds under {@code
 * src/test/resources/io/github/conductorjwt/core/JwtRequestReaderFuzzTestInputs/readsOrRefuses/};
 * {@link KeyParserFuzzTest} shows the command for a long run.
 */
class JwtRequestReaderFuzzTest {

    /** A hang fails the build even in a regression run; slowness is {@link FuzzInvariant}'s. */
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] input) {
        Case request = Case.read(input);
        FuzzInvariant.holds(request.secrets(), request::sign);
    }

    /** One task input, read and signed with as the task handler would. */
    record Case(Map<String, Object> input) {

        static Case read(byte[] input) {
            return new Case(FuzzRequests.request(new FuzzTape(input)));
        }

        /** Every string given as privateKey or privateKeyPassword, however deep. */
        List<String> secrets() {
            List<String> secrets = new ArrayList<>();
            secrets.addAll(FuzzKeys.strings(input.get(JwtInputNames.PRIVATE_KEY)));
            secrets.addAll(FuzzKeys.strings(input.get(JwtInputNames.PRIVATE_KEY_PASSWORD)));
            return secrets;
        }

        /** As the task does: a key JJWT refuses is a refusal of the key input. */
        SignedJwt sign() {
            JwtRequest request = new JwtRequestReader(SigningPolicy.defaults()).read(input);
            try {
                return new JwtSigner().sign(request);
            } catch (KeyException e) {
                throw JwtRequestReader.refusal(e);
            }
        }

        @Override
        public String toString() {
            return "Case[" + input.keySet() + ", values redacted]";
        }
    }
}
