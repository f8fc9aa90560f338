/**
 * Connection pool built on r2dbc-pool with SQLAlchemy-style size and overflow.
 */
@NullMarked
package io.databridge.pool;

import org.jspecify.annotations.NullMarked;
