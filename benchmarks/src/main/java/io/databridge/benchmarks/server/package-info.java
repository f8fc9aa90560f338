/**
 * The PostgreSQL server the benchmarks run against, and the data they read and write.
 */
@NullMarked
package io.databridge.benchmarks.server;

import org.jspecify.annotations.NullMarked;
