/**
 * Results across rounds, the Markdown report and the SVG chart.
 */
@NullMarked
package io.databridge.benchmarks.report;

import org.jspecify.annotations.NullMarked;
