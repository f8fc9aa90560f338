/**
 * Effective connection settings and their mapping onto the r2dbc-postgresql driver.
 */
@NullMarked
package io.databridge.connection;

import org.jspecify.annotations.NullMarked;
