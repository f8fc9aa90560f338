/**
 * Instrumentation of the statements run through pooled connections: timing from execution
 * to the end of the result, the operation each statement performs, and masking of SQL
 * literals so statements can be logged without their values. Demand for results and rows
 * reaches the driver on the connection's I/O thread.
 */
@NullMarked
package io.databridge.query;

import org.jspecify.annotations.NullMarked;
