package io.databridge.pool;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Connection;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The connections a {@link DatabridgeConnectionPool} hands out within one unit of work,
 * so that they can be taken back if that work is cancelled before it hands them on.
 * <p>
 * Some callers keep a connection where a cancellation cannot reach it: a transaction
 * manager that has acquired a connection and begun a transaction, say, but not yet handed
 * the transaction to the code that would roll it back. Such a caller subscribes with a
 * scope in its Reactor {@link Context} (see {@link #putInto(Context)}) and calls
 * {@link #cancel()} when its subscription is cancelled. Every connection leased in the
 * scope, before or after the cancellation, is then closed rather than pooled again, since
 * its state is unknown.
 *
 * @author Databridge team
 */
public final class LeaseScope {

	private static final Object KEY = LeaseScope.class;

	private final List<LeasedConnection> leased = new ArrayList<>(1);

	private boolean cancelled;

	/**
	 * Returns the given context with this scope in it.
	 * @param context the subscriber's context
	 * @return the context to subscribe with
	 */
	public Context putInto(Context context) {
		return context.put(KEY, this);
	}

	/**
	 * Closes every connection leased in this scope, and any leased in it from now on.
	 */
	public void cancel() {
		List<LeasedConnection> abandoned;
		synchronized (this) {
			this.cancelled = true;
			abandoned = List.copyOf(this.leased);
			this.leased.clear();
		}
		abandoned.forEach(LeasedConnection::abandon);
	}

	/**
	 * Records a connection leased in this scope.
	 * @param connection the connection
	 */
	void leased(Connection connection) {
		if (!(connection instanceof LeasedConnection lease)) {
			return;
		}
		synchronized (this) {
			if (!this.cancelled) {
				this.leased.add(lease);
				return;
			}
		}
		lease.abandon();
	}

	/**
	 * Returns the scope in the given context, if any.
	 * @param context the subscriber's context
	 * @return the scope, or {@code null}
	 */
	static @Nullable LeaseScope in(ContextView context) {
		return context.getOrDefault(KEY, null);
	}

}
