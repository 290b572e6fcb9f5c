package io.github.conductorjwt.e2e;

import java.util.List;

/**
 * One measure of ours against a baseline over interleaved rounds, round i of each measured side by
 * side: the ratio of the means, the least and greatest ratio of one pair, which shows how far a
 * single pair can stray on a shared machine, and the median pair, which one such pair cannot move.
 *
 * @param ratio mean of ours ÷ mean of the baseline
 * @param min the lowest ratio of one pair
 * @param max the highest ratio of one pair
 * @param median the middle ratio of the pairs (the mean of the two middle ones, for an even count)
 */
record PairedRatio(double ratio, double min, double max, double median) {

    static final String PAIRS_MSG = "need as many rounds of each, at least one: %d and %d";

    static PairedRatio of(List<Double> ours, List<Double> baseline) {
        if (ours.isEmpty() || ours.size() != baseline.size()) {
            throw new IllegalArgumentException(PAIRS_MSG.formatted(ours.size(), baseline.size()));
        }
        double[] pairs = new double[ours.size()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = ours.get(i) / baseline.get(i);
        }
        java.util.Arrays.sort(pairs);
        int mid = pairs.length / 2;
        double median = pairs.length % 2 == 1 ? pairs[mid] : (pairs[mid - 1] + pairs[mid]) / 2;
        return new PairedRatio(
                mean(ours) / mean(baseline), pairs[0], pairs[pairs.length - 1], median);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    @Override
    public String toString() {
        return String.format("x%.2f [%.2f-%.2f, median %.2f]", ratio, min, max, median);
    }
}
