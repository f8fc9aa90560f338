/**
 * Micrometer meters for a Databridge pool and its statements, under Databridge's names
 * and, when asked, under the OpenTelemetry semantic-convention names.
 */
@NullMarked
package io.databridge.metrics;

import org.jspecify.annotations.NullMarked;
