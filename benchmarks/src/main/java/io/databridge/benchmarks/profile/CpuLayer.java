package io.databridge.benchmarks.profile;

/**
 * A layer of a database client that a profile sample is charged to.
 *
 * @author Databridge team
 */
public enum CpuLayer {

	/**
	 * Time in the kernel: socket reads and writes, {@code epoll}, parking threads.
	 */
	KERNEL("kernel"),

	/**
	 * The JVM's own threads: just-in-time compilers and garbage collectors.
	 */
	JVM("JIT, GC"),

	/**
	 * Reactor's operators ({@code reactor.core}), which R2DBC drivers and pools compose.
	 */
	REACTOR("Reactor"),

	/**
	 * Netty and Reactor Netty, in Java.
	 */
	NETTY("Netty"),

	/**
	 * The driver: r2dbc-postgresql, vertx-pg-client and Vert.x, or pgjdbc.
	 */
	DRIVER("driver"),

	/**
	 * The pool: reactor-pool, r2dbc-pool, HikariCP or Vert.x's pool.
	 */
	POOL("pool"),

	/**
	 * Databridge and what it brings: Micrometer and Spring.
	 */
	DATABRIDGE("Databridge, Spring, Micrometer"),

	/**
	 * The benchmark's own load driver and histograms.
	 */
	BENCHMARK("load driver"),

	/**
	 * The JDK alone, or anything else.
	 */
	OTHER("other");

	private final String label;

	CpuLayer(String label) {
		this.label = label;
	}

	/**
	 * Returns the layer's name as a report heading.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

}
