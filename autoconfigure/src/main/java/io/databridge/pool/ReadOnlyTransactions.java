package io.databridge.pool;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Marks, in the Reactor context of a connection request, that the connection is for a
 * read-only transaction, so that a pool with read replicas can hand out a replica's
 * connection. The mark is set by the transaction manager when it begins a transaction it
 * knows to be read-only, before it asks for the connection: a routing
 * {@code ConnectionFactory} that looks for the flag on the transaction instead finds it
 * not yet set.
 *
 * @author Databridge team
 */
public final class ReadOnlyTransactions {

	private static final Object KEY = ReadOnlyTransactions.class;

	private ReadOnlyTransactions() {
	}

	/**
	 * Returns the given context with the read-only mark in it.
	 * @param context the context of the connection request
	 * @return the marked context
	 */
	public static Context mark(Context context) {
		return context.put(KEY, Boolean.TRUE);
	}

	/**
	 * Returns whether the given context carries the read-only mark.
	 * @param context the context of the connection request
	 * @return whether the connection is for a read-only transaction
	 */
	public static boolean isMarked(ContextView context) {
		return context.hasKey(KEY);
	}

}
