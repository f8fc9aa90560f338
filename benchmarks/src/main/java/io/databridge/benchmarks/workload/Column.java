package io.databridge.benchmarks.workload;

/**
 * One number a workload measures, as a column of the report.
 *
 * @param key the key in a measurement
 * @param heading the column heading
 * @param higherIsBetter whether more is better
 * @param ratio whether the report also shows it as a ratio to the baseline
 * @param decimals decimals shown
 * @author Databridge team
 */
public record Column(String key, String heading, boolean higherIsBetter, boolean ratio, int decimals) {

}
