package io.databridge.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.test.TestDatabase;

/**
 * Samples, on a background thread, how many server connections carry an application name,
 * and keeps the peak.
 *
 * @author Databridge team
 */
class ServerConnectionSampler {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger peak = new AtomicInteger();

	private final AtomicInteger samples = new AtomicInteger();

	private final Thread thread;

	ServerConnectionSampler(TestDatabase database, String applicationName) {
		this.thread = new Thread(() -> {
			while (this.running.get()) {
				this.peak.accumulateAndGet(database.countConnections(applicationName, null), Math::max);
				this.samples.incrementAndGet();
			}
		}, "connection-sampler");
		this.thread.start();
	}

	/**
	 * Stops sampling.
	 * @return the peak number of connections seen
	 * @throws InterruptedException if interrupted while waiting for the sampler
	 */
	int stop() throws InterruptedException {
		this.running.set(false);
		this.thread.join();
		if (this.samples.get() == 0) {
			throw new IllegalStateException("No sample was taken");
		}
		return this.peak.get();
	}

}
