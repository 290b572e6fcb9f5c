package io.github.conductorjwt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

    @Test
    void ratioOfTheMeansWithTheSpreadOfThePairs() {
        PairedRatio r = PairedRatio.of(List.of(3.0, 2.0, 4.0), List.of(2.0, 2.0, 2.0));

        assertThat(r.ratio()).isCloseTo(1.5, within(1e-9));
        assertThat(r.min()).isCloseTo(1.0, within(1e-9));
        assertThat(r.max()).isCloseTo(2.0, within(1e-9));
        assertThat(r.median()).isCloseTo(1.5, within(1e-9));
        assertThat(r).hasToString("x1.50 [1.00-2.00, median 1.50]");
    }

    @Test
    void pairsRoundIWithRoundI() {
        // Same values, other order: the means agree, the pairs do not.
        PairedRatio r = PairedRatio.of(List.of(1.0, 4.0), List.of(4.0, 1.0));

        assertThat(r.ratio()).isCloseTo(1.0, within(1e-9));
        assertThat(r.min()).isCloseTo(0.25, within(1e-9));
        assertThat(r.max()).isCloseTo(4.0, within(1e-9));
        assertThat(r.median()).as("mean of the two middle pairs").isCloseTo(2.125, within(1e-9));
    }

    @Test
    void oneStrayPairMovesTheMeanButNotTheMedian() {
        PairedRatio r =
                PairedRatio.of(List.of(1.2, 1.2, 1.2, 6.0, 1.2), List.of(1.0, 1.0, 1.0, 1.0, 1.0));

        assertThat(r.ratio()).isCloseTo(2.16, within(1e-9));
        assertThat(r.median()).isCloseTo(1.2, within(1e-9));
    }

    @Test
    void refusesRoundsThatDoNotPair() {
        assertThatThrownBy(() -> PairedRatio.of(List.of(1.0, 2.0), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need as many rounds of each, at least one: 2 and 1");
        assertThatThrownBy(() -> PairedRatio.of(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
