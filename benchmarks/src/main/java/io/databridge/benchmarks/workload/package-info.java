/**
 * What is measured: point selects, inserts, bulk loads, oversubscribed acquires and
 * recovery after a restart.
 */
@NullMarked
package io.databridge.benchmarks.workload;

import org.jspecify.annotations.NullMarked;
