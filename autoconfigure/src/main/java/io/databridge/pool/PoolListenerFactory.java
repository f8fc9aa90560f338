package io.databridge.pool;

/**
 * Makes a listener for each pool Databridge builds beside the primary one, such as a read
 * replica's, for listeners that describe one pool, as its meters do. Declare one as a
 * bean to have every such pool report to its own listener.
 *
 * @author Databridge team
 */
@FunctionalInterface
public interface PoolListenerFactory {

	/**
	 * Returns the listener of the named pool.
	 * @param poolName the pool's name
	 * @return the listener
	 */
	PoolListener create(String poolName);

}
