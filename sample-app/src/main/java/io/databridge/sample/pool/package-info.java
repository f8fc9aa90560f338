/**
 * What the live page shows: the pool's state, acquire-wait percentiles and health.
 */
@NullMarked
package io.databridge.sample.pool;

import org.jspecify.annotations.NullMarked;
