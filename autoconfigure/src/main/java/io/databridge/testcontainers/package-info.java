/**
 * Testcontainers support: a {@code @ServiceConnection} PostgreSQL container configures
 * the Databridge pool.
 */
@NullMarked
package io.databridge.testcontainers;

import org.jspecify.annotations.NullMarked;
