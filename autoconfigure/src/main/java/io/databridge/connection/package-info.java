/**
 * Effective connection settings and their mapping onto the r2dbc-postgresql driver and
 * onto a pgjdbc URL.
 */
@NullMarked
package io.databridge.connection;

import org.jspecify.annotations.NullMarked;
