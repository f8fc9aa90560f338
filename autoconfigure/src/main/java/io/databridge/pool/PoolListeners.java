package io.databridge.pool;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells several {@link PoolListener listeners}, in order; one that throws is logged and
 * does not stop the others or the pool.
 *
 * @author Databridge team
 */
final class PoolListeners implements PoolListener {

	private static final Log logger = LogFactory.getLog(PoolListeners.class);

	private final PoolListener[] listeners;

	PoolListeners(List<? extends PoolListener> listeners) {
		this.listeners = listeners.toArray(PoolListener[]::new);
	}

	@Override
	public void connectionAcquired(long waitNanos) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.connectionAcquired(waitNanos));
		}
	}

	@Override
	public void acquireFailed(long waitNanos, Throwable error) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.acquireFailed(waitNanos, error));
		}
	}

	@Override
	public void connectionReleased(long usageNanos) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.connectionReleased(usageNanos));
		}
	}

	@Override
	public void connectionCreated(long creationNanos) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.connectionCreated(creationNanos));
		}
	}

	@Override
	public void connectionCreationFailed(long creationNanos, Throwable error) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.connectionCreationFailed(creationNanos, error));
		}
	}

	@Override
	public void connectionEvicted(EvictionReason reason) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.connectionEvicted(reason));
		}
	}

	@Override
	public void leakSuspected() {
		for (PoolListener listener : this.listeners) {
			call(listener, listener::leakSuspected);
		}
	}

	@Override
	public void namedStatementsConflicted(Throwable error) {
		for (PoolListener listener : this.listeners) {
			call(listener, () -> listener.namedStatementsConflicted(error));
		}
	}

	private static void call(PoolListener listener, Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Pool listener " + listener.getClass().getName() + " failed", ex);
		}
	}

}
