/**
 * The end-to-end workload: one keyed read served over HTTP by three web stacks, each in a
 * JVM of its own, driven by {@code wrk}.
 */
@NullMarked
package io.databridge.benchmarks.http;

import org.jspecify.annotations.NullMarked;
