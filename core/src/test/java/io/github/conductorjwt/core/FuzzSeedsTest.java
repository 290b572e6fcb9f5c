package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.conductorjwt.core.FuzzSeeds.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed seeds are what {@link FuzzSeeds} writes, and each means what its name says: a seed
 * named to sign gives a token that passes {@link FuzzOracle}, one named to be refused is refused
 * without quoting its input.
 */
class FuzzSeedsTest {

    static Stream<Named<Seed>> keyParserSeeds() {
        return FuzzSeeds.keyParserSeeds().stream().map(seed -> Named.of(seed.name(), seed));
    }

    static Stream<Named<Seed>> readerSeeds() {
        return FuzzSeeds.readerSeeds().stream().map(seed -> Named.of(seed.name(), seed));
    }

    @ParameterizedTest
    @MethodSource("keyParserSeeds")
    void keyParserSeedSignsOrIsRefusedAsNamed(Seed seed) {
        KeyParserFuzzTest.Case key = KeyParserFuzzTest.Case.read(seed.bytes());
        if (seed.signs()) {
            key.check(key.sign());
        } else {
            assertThatThrownBy(key::sign)
                    .isInstanceOf(KeyException.class)
                    .satisfies(e -> FuzzInvariant.checkMessage(e.getMessage(), key.inputStrings()));
        }
    }

    @ParameterizedTest
    @MethodSource("readerSeeds")
    void readerSeedSignsOrIsRefusedAsNamed(Seed seed) {
        JwtRequestReaderFuzzTest.Case request = JwtRequestReaderFuzzTest.Case.read(seed.bytes());
        if (seed.signs()) {
            request.check(request.sign());
        } else {
            assertThatThrownBy(request::sign)
                    .isInstanceOf(InvalidJwtInputException.class)
                    .satisfies(
                            e ->
                                    FuzzInvariant.checkMessage(
                                            e.getMessage(), request.inputStrings()));
        }
    }

    @Test
    void committedSeedsAreTheGeneratedOnes() throws IOException {
        assertCommitted(FuzzSeeds.KEY_PARSER_SEEDS, FuzzSeeds.keyParserSeeds());
        assertCommitted(FuzzSeeds.READER_SEEDS, FuzzSeeds.readerSeeds());
        assertCommitted(FuzzSeeds.KEY_PARSER_SEEDS, FuzzSeeds.keyParserFindings());
        assertCommitted(FuzzSeeds.READER_SEEDS, FuzzSeeds.readerFindings());
    }

    private static void assertCommitted(Path directory, List<Seed> seeds) throws IOException {
        for (Seed seed : seeds) {
            Path file = directory.resolve(seed.name());
            assertThat(file).as("run FuzzSeeds.main to write %s", file).exists();
            assertThat(Files.readAllBytes(file)).as(seed.name()).isEqualTo(seed.bytes());
        }
    }
}
