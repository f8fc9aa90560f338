/**
 * Micrometer {@link io.micrometer.observation.Observation observations} of the statements
 * run through a Databridge pool, named with the OpenTelemetry database semantic
 * conventions so that a tracing bridge records one span per statement.
 */
@NullMarked
package io.databridge.observation;

import org.jspecify.annotations.NullMarked;
