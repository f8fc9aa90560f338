/**
 * Auto-configuration of a pooled R2DBC PostgreSQL connection from {@code databridge.*}.
 */
@NullMarked
package io.databridge.autoconfigure;

import org.jspecify.annotations.NullMarked;
