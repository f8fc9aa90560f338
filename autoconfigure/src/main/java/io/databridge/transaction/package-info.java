/**
 * Transaction management over a Databridge pool that gives back the connection of a
 * transaction whose begin was cancelled.
 */
@NullMarked
package io.databridge.transaction;

import org.jspecify.annotations.NullMarked;
