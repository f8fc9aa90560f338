package io.databridge.benchmarks.http;

import java.util.ArrayList;
import java.util.List;

import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.server.BenchmarkServer;

/**
 * A web stack serving the end-to-end workload's keyed read, with the properties its
 * application runs with: WebFlux on Databridge, WebFlux on Spring Boot's own
 * {@code spring.r2dbc.*}, and Spring MVC on JDBC and HikariCP with virtual threads.
 *
 * @author Databridge team
 */
public enum HttpStack {

	/**
	 * WebFlux with the Databridge starter's defaults.
	 */
	WEBFLUX_DATABRIDGE("webflux-databridge",
			"WebFlux (Reactor Netty) + DatabaseClient on the Databridge starter, defaults", false),

	/**
	 * WebFlux with Spring Boot's {@code spring.r2dbc.*} auto-configuration.
	 */
	WEBFLUX_BOOT("webflux-boot",
			"WebFlux (Reactor Netty) + DatabaseClient on Spring Boot's spring.r2dbc.* auto-configuration (r2dbc-pool)",
			false),

	/**
	 * Spring MVC on Tomcat with virtual threads, JDBC and HikariCP.
	 */
	MVC_VIRTUAL_THREADS("mvc-virtual-threads",
			"Spring MVC (Tomcat, spring.threads.virtual.enabled=true) + JdbcTemplate on pgjdbc and HikariCP", true);

	private static final String R2DBC_AUTO_CONFIGURATION = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration";

	private final String subject;

	private final String description;

	private final boolean needsVirtualThreads;

	HttpStack(String subject, String description, boolean needsVirtualThreads) {
		this.subject = subject;
		this.description = description;
		this.needsVirtualThreads = needsVirtualThreads;
	}

	/**
	 * Returns the name of the stack in the report.
	 * @return the name
	 */
	public String subject() {
		return this.subject;
	}

	/**
	 * Returns what the stack is, for the report.
	 * @return one sentence
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Returns whether the stack needs Java 21 or newer.
	 * @return whether it runs on virtual threads
	 */
	public boolean needsVirtualThreads() {
		return this.needsVirtualThreads;
	}

	/**
	 * Finds a stack by its name in the report.
	 * @param subject the name
	 * @return the stack
	 */
	public static HttpStack of(String subject) {
		for (HttpStack stack : values()) {
			if (stack.subject.equals(subject)) {
				return stack;
			}
		}
		throw new IllegalArgumentException("No web stack named " + subject);
	}

	/**
	 * Returns the properties the stack's application runs with: each has a pool of
	 * {@link Contenders#POOL_SIZE} connections.
	 * @param server the server
	 * @param port the HTTP port
	 * @return the properties
	 */
	List<String> properties(BenchmarkServer server, int port) {
		List<String> properties = new ArrayList<>(List.of("server.port=" + port, "server.address=127.0.0.1"));
		switch (this) {
			case WEBFLUX_DATABRIDGE -> {
				properties.add("spring.main.web-application-type=reactive");
				properties.addAll(List.of("databridge.url=" + server.url(),
						"databridge.pool.size=" + Contenders.POOL_SIZE, "databridge.pool.max-overflow=0"));
			}
			case WEBFLUX_BOOT -> {
				properties.add("spring.main.web-application-type=reactive");
				properties.addAll(
						List.of("spring.r2dbc.url=" + server.r2dbcUrl(), "spring.r2dbc.username=" + server.username(),
								"spring.r2dbc.pool.max-size=" + Contenders.POOL_SIZE,
								"spring.autoconfigure.exclude=" + Contenders.DATABRIDGE_AUTO_CONFIGURATIONS));
				if (server.password() != null) {
					properties.add("spring.r2dbc.password=" + server.password());
				}
			}
			case MVC_VIRTUAL_THREADS -> {
				properties.addAll(List.of("spring.main.web-application-type=servlet",
						"spring.threads.virtual.enabled=true", "spring.autoconfigure.exclude="
								+ Contenders.DATABRIDGE_AUTO_CONFIGURATIONS + "," + R2DBC_AUTO_CONFIGURATION));
			}
		}
		return properties;
	}

}
