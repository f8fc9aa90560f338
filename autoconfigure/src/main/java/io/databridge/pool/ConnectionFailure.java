package io.databridge.pool;

import java.time.Instant;

import io.databridge.error.DatabaseError;

/**
 * The most recent failure to open a connection, kept until a connection opens again.
 *
 * @param error what went wrong
 * @param at when it went wrong
 * @author Databridge team
 */
public record ConnectionFailure(DatabaseError error, Instant at) {

}
