/**
 * A health indicator for a Databridge pool that never hangs: a bounded query against the
 * server, or a reading of the pool's state alone for databases that scale to zero.
 */
@NullMarked
package io.databridge.health;

import org.jspecify.annotations.NullMarked;
