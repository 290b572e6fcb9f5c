package io.github.conductorjwt.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the request reader with task inputs of every JSON type ({@link FuzzRequests}), then signs
 * what it accepts. Only {@link FuzzInvariant}'s outcomes are allowed: a token that verifies against
 * the key the input carries or implies and has the header and claims the input asked for ({@link
 * FuzzOracle}), or a refusal that quotes no string of the input.
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
        FuzzInvariant.holds(
                request.inputStrings(), request.statedNumbers(), request::sign, request::check);
    }

    /** One task input, read and signed with as the task handler would. */
    record Case(Map<String, Object> input) {

        static Case read(byte[] input) {
            return new Case(FuzzRequests.request(new FuzzTape(input)));
        }

        private static final SigningPolicy POLICY = SigningPolicy.defaults();

        /**
         * The inputs whose value a refusal states on purpose: whole numbers of seconds, not secret
         * by what they mean, written back as the number read ("must be between 1 and 86400, was
         * 0"), even when given as text.
         */
        private static final Set<String> NUMBERS_STATED =
                Set.of(
                        JwtInputNames.TTL_IN_SECOND,
                        JwtInputNames.TTL_IN_SECONDS,
                        JwtInputNames.NOT_BEFORE);

        /** Every string of the input, names and values, however deep, but stated numbers. */
        List<String> inputStrings() {
            Map<String, Object> quotable = new LinkedHashMap<>(input);
            NUMBERS_STATED.forEach(name -> quotable.computeIfPresent(name, (k, v) -> null));
            List<String> strings = new ArrayList<>(FuzzKeys.strings(quotable));
            strings.addAll(input.keySet());
            return strings;
        }

        /** The numbers of seconds as given and as a refusal states them. */
        List<String> statedNumbers() {
            List<String> stated = new ArrayList<>();
            for (String name : NUMBERS_STATED) {
                Object value = input.get(name);
                if (value instanceof String || value instanceof Number) {
                    String text = value.toString().strip();
                    stated.add(text);
                    try {
                        java.math.BigDecimal number = new java.math.BigDecimal(text);
                        if (Math.abs(number.scale()) <= 64
                                && (long) number.precision() - number.scale() <= 19) {
                            // Only whole numbers that fit a long are stated.
                            stated.add(number.toBigInteger().toString());
                        }
                    } catch (NumberFormatException notANumber) {
                        // stated as given only
                    }
                }
            }
            return stated;
        }

        /** What the input asked for, read from the input itself. */
        void check(SignedJwt token) {
            FuzzOracle.check(
                    token,
                    FuzzOracle.verificationKey(input, POLICY),
                    FuzzOracle.askedFor(input, POLICY));
        }

        /** As the task does: a key JJWT refuses is a refusal of the key input. */
        SignedJwt sign() {
            JwtRequest request = new JwtRequestReader(POLICY).read(input);
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
