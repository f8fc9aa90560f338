/**
 * Connection poolers in front of PostgreSQL (PgBouncer, Neon's {@code -pooler} endpoints,
 * Supabase's Supavisor): recognising them, and using only what a transaction pooler
 * keeps.
 */
@NullMarked
package io.databridge.pooler;

import org.jspecify.annotations.NullMarked;
