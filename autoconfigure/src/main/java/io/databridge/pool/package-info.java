/**
 * The connection pool: SQLAlchemy-style size and overflow on reactor-pool's
 * {@code InstrumentedPool}, with Databridge's own acquire deadline, validation, eviction,
 * refill, drain of cancelled reads and leased-connection handles.
 */
@NullMarked
package io.databridge.pool;

import org.jspecify.annotations.NullMarked;
