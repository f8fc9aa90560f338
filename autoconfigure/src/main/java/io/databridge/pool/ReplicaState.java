package io.databridge.pool;

import org.jspecify.annotations.Nullable;

/**
 * What a read replica is doing for its primary, for health reports.
 *
 * @param name the replica's pool name
 * @param status whether it serves read-only transactions, and if not, why
 * @param lagSeconds its replay lag when last measured, or {@code null} when not measured
 * @param error the kind of the failure that made it unavailable, or {@code null}
 * @param pool the state of its pool
 * @author Databridge team
 */
public record ReplicaState(String name, Status status, @Nullable Double lagSeconds, @Nullable String error,
		PoolState pool) {

	/**
	 * Whether a replica serves read-only transactions.
	 */
	public enum Status {

		/**
		 * It serves read-only transactions.
		 */
		SERVING,

		/**
		 * It could not hand out a connection; its reads run on the primary.
		 */
		DOWN,

		/**
		 * It lags behind the primary by more than its maximum lag; its reads run on the
		 * primary.
		 */
		LAGGING

	}

}
