/**
 * Drivers that keep a fixed number of operations in flight and record their latencies.
 */
@NullMarked
package io.databridge.benchmarks.load;

import org.jspecify.annotations.NullMarked;
