package io.github.conductorjwt.e2e;

import java.util.List;

/**
 * One measure of ours against a baseline over interleaved rounds, round i of each measured side by
 * side: the ratio of the means, and the least and greatest ratio of one pair, which shows how far a
 * single pair can stray on a shared machine.
 *
 * @param ratio mean of ours ÷ mean of the baseline
 * @param min the lowest ratio of one pair
 * @param max the highest ratio of one pair
 */
record PairedRatio(double ratio, double min, double max) {

    static final String PAIRS_MSG = "need as many rounds of each, at least one: %d and %d";

    static PairedRatio of(List<Double> ours, List<Double> baseline) {
        if (ours.isEmpty() || ours.size() != baseline.size()) {
            throw new IllegalArgumentException(PAIRS_MSG.formatted(ours.size(), baseline.size()));
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ours.size(); i++) {
            double pair = ours.get(i) / baseline.get(i);
            min = Math.min(min, pair);
            max = Math.max(max, pair);
        }
        return new PairedRatio(mean(ours) / mean(baseline), min, max);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    @Override
    public String toString() {
        return String.format("x%.2f [%.2f-%.2f]", ratio, min, max);
    }
}
