/**
 * Bringing the connection pool up when the application starts: opening its connections at
 * once, waiting for the database with backoff, or leaving it for the first use.
 */
@NullMarked
package io.databridge.startup;

import org.jspecify.annotations.NullMarked;
