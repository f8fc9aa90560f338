/**
 * Parsing of PostgreSQL connection URLs (libpq, SQLAlchemy, JDBC and R2DBC dialects) into
 * one typed, immutable {@link io.databridge.url.DatabaseUrl}, and masking of the
 * passwords they carry.
 */
@NullMarked
package io.databridge.url;

import org.jspecify.annotations.NullMarked;
