/**
 * Embedded PostgreSQL server, the fallback when no URL is configured.
 */
@NullMarked
package io.databridge.embedded;

import org.jspecify.annotations.NullMarked;
