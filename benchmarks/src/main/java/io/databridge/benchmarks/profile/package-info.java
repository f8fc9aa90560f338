/**
 * Where a profiled contender's CPU time went: its collapsed stacks sorted into the layers
 * of a database client.
 */
@NullMarked
package io.databridge.benchmarks.profile;

import org.jspecify.annotations.NullMarked;
