/**
 * Bursts of load that keep the pool busy for a moment.
 */
@NullMarked
package io.databridge.sample.load;

import org.jspecify.annotations.NullMarked;
