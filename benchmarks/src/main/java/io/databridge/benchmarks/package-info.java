/**
 * A benchmark program that measures Databridge against other PostgreSQL pools and drivers
 * on one server.
 */
@NullMarked
package io.databridge.benchmarks;

import org.jspecify.annotations.NullMarked;
