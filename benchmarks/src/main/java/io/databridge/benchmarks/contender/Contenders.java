package io.databridge.benchmarks.contender;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.function.Predicate;

import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.PgBouncer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationHandler;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Builds the contenders, each with {@link #POOL_SIZE} connections. Databridge and Spring
 * Boot's R2DBC support run in real Spring Boot application contexts, auto-configured as
 * an application would be, with Micrometer metrics (a {@code SimpleMeterRegistry}) and
 * observations on the class path.
 *
 * @author Databridge team
 */
public final class Contenders {

	/**
	 * Connections per pool, for every contender.
	 */
	public static final int POOL_SIZE = 10;

	/**
	 * Name of the baseline the report compares every contender to.
	 */
	public static final String DATABRIDGE = "databridge";

	/**
	 * Databridge's auto-configurations, for {@code spring.autoconfigure.exclude} in an
	 * application that measures something else.
	 */
	public static final String DATABRIDGE_AUTO_CONFIGURATIONS = String.join(",",
			"io.databridge.autoconfigure.DatabridgeAutoConfiguration",
			"io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration",
			"io.databridge.autoconfigure.DatabridgeHealthContributorAutoConfiguration",
			"io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration",
			"io.databridge.autoconfigure.DatabridgeObservationAutoConfiguration");

	private static final Set<String> SPRING = Set.of(DATABRIDGE, "databridge-no-observability", "r2dbc-pool", "boot",
			"boot-validation-query");

	private Contenders() {
	}

	/**
	 * Every contender's name, in the order contenders are measured; Databridge's defaults
	 * first.
	 */
	public static final List<String> NAMES = List.of(DATABRIDGE, "databridge-no-observability", "r2dbc-pool", "boot",
			"boot-validation-query", "vertx", "vertx-pipelined", "hikari", "databridge-unnamed",
			"databridge-pgbouncer");

	/**
	 * Contenders that only run the point select: Databridge with unnamed statements, and
	 * Databridge through PgBouncer, which answer what a pooler costs, not how pools
	 * compare.
	 */
	private static final Set<String> POINT_SELECT_ONLY = Set.of("databridge-unnamed", "databridge-pgbouncer");

	/**
	 * Returns whether the named contender is an R2DBC {@code ConnectionFactory} on which
	 * Spring's {@code DatabaseClient}, transactions and Spring Data run.
	 * @param name the contender's name
	 * @return whether it runs the {@link SpringShape Spring shapes}
	 */
	public static boolean runsSpring(String name) {
		return SPRING.contains(name);
	}

	/**
	 * Returns whether the named contender runs only the point select.
	 * @param name the contender's name
	 * @return whether it runs no other workload
	 */
	public static boolean runsOnlyPointSelect(String name) {
		return POINT_SELECT_ONLY.contains(name);
	}

	/**
	 * Starts the selected contenders.
	 * @param server the server
	 * @param selected which contenders to start, by name
	 * @param callers the most callers any workload has, for blocking contenders' threads
	 * @return the running contenders, Databridge's defaults first
	 */
	public static List<Contender> start(BenchmarkServer server, Predicate<String> selected, int callers) {
		return selected(selected).stream().map((name) -> start(server, name, callers)).toList();
	}

	/**
	 * Returns the names of the selected contenders, Databridge's defaults always among
	 * them, in the order contenders are measured.
	 * @param selected which contenders to start, by name
	 * @return the names
	 */
	public static List<String> selected(Predicate<String> selected) {
		return NAMES.stream().filter((name) -> name.equals(DATABRIDGE) || selected.test(name)).toList();
	}

	/**
	 * Starts one contender.
	 * @param server the server
	 * @param name the contender's name, one of {@link #NAMES}
	 * @param callers the most callers any workload has, for blocking contenders' threads
	 * @return the running contender
	 */
	public static Contender start(BenchmarkServer server, String name, int callers) {
		return switch (name) {
			case DATABRIDGE -> databridge(server, DATABRIDGE, true);
			case "databridge-no-observability" -> databridge(server, name, false);
			case "r2dbc-pool" -> r2dbcPool(server);
			case "boot" -> boot(server, name, false);
			case "boot-validation-query" -> boot(server, name, true);
			case "vertx" -> VertxContender.create(name, server, POOL_SIZE, false);
			case "vertx-pipelined" -> VertxContender.create(name, server, POOL_SIZE, true);
			case "hikari" -> HikariContender.create(server, POOL_SIZE, callers);
			case "databridge-unnamed" -> databridgeUnnamed(server);
			case "databridge-pgbouncer" -> databridgeThroughPgBouncer(server);
			default -> throw new IllegalArgumentException("No contender named " + name);
		};
	}

	/**
	 * Returns the properties every Databridge contender starts from: its URL and name,
	 * and {@link #POOL_SIZE} connections without overflow.
	 */
	private static List<String> databridgeProperties(String url, String name) {
		return new ArrayList<>(List.of("databridge.url=" + url, "databridge.pool.name=" + name,
				"databridge.pool.size=" + POOL_SIZE, "databridge.pool.max-overflow=0"));
	}

	private static Contender databridge(BenchmarkServer server, String name, boolean observed) {
		List<String> properties = databridgeProperties(server.url(), name);
		if (!observed) {
			properties.add("databridge.observability.metrics.enabled=false");
			properties.add("databridge.observability.observations.enabled=false");
		}
		ConfigurableApplicationContext context = application(properties);
		String description = observed
				? "Databridge starter defaults (pre-ping when idle, metrics in a SimpleMeterRegistry, an observation per statement), max-overflow=0"
				: "Databridge with databridge.observability.metrics.enabled=false and databridge.observability.observations.enabled=false, max-overflow=0";
		return new R2dbcContender(name, description, context.getBean(ConnectionFactory.class), context,
				() -> instrumentation(context));
	}

	private static Contender databridgeUnnamed(BenchmarkServer server) {
		List<String> properties = databridgeProperties(server.url(), "databridge-unnamed");
		properties.add("databridge.statement-cache-size=0");
		ConfigurableApplicationContext context = application(properties);
		return new R2dbcContender("databridge-unnamed",
				"Databridge defaults with databridge.statement-cache-size=0 (unnamed statements, as behind a "
						+ "transaction pooler), direct, max-overflow=0",
				context.getBean(ConnectionFactory.class), context, () -> instrumentation(context));
	}

	/**
	 * Databridge through a PgBouncer of its own in transaction mode, with as many server
	 * connections as the pool has, given only the URL: the probe finds PgBouncer.
	 */
	private static Contender databridgeThroughPgBouncer(BenchmarkServer server) {
		if (!PgBouncer.isInstalled()) {
			throw new IllegalStateException("PgBouncer is not installed (Debian's pgbouncer package provides it)");
		}
		PgBouncer.Builder builder = PgBouncer.in(server.host(), server.port())
			.defaultPoolSize(POOL_SIZE)
			.set("max_client_conn", "100");
		if (server.password() == null) {
			builder.set("auth_type", "trust").user(server.username(), "");
		}
		else {
			builder.user(server.username(), server.password());
		}
		PgBouncer bouncer = builder.start();
		ConfigurableApplicationContext context;
		try {
			String url = bouncer.url(server.username(), (server.password() != null) ? server.password() : "",
					server.database());
			context = application(databridgeProperties(url, "databridge-pgbouncer"));
		}
		catch (RuntimeException ex) {
			bouncer.close();
			throw ex;
		}
		return new R2dbcContender("databridge-pgbouncer",
				"Databridge defaults through PgBouncer (pool_mode=transaction, default_pool_size=" + POOL_SIZE
						+ ", a process of its own), given only the URL, max-overflow=0",
				context.getBean(ConnectionFactory.class), () -> {
					context.close();
					bouncer.close();
				}, () -> instrumentation(context));
	}

	private static Contender boot(BenchmarkServer server, String name, boolean validationQuery) {
		List<String> properties = new ArrayList<>(List.of("spring.r2dbc.url=" + server.r2dbcUrl(),
				"spring.r2dbc.username=" + server.username(), "spring.r2dbc.pool.max-size=" + POOL_SIZE,
				"spring.autoconfigure.exclude=" + DATABRIDGE_AUTO_CONFIGURATIONS));
		if (server.password() != null) {
			properties.add("spring.r2dbc.password=" + server.password());
		}
		if (validationQuery) {
			properties.add("spring.r2dbc.pool.validation-query=SELECT 1");
		}
		ConfigurableApplicationContext context = application(properties);
		String description = validationQuery
				? "Spring Boot 4.1 spring.r2dbc.* (r2dbc-pool) with spring.r2dbc.pool.validation-query=SELECT 1"
				: "Spring Boot 4.1 spring.r2dbc.* auto-configuration (r2dbc-pool) with its defaults";
		return new R2dbcContender(name, description, context.getBean(ConnectionFactory.class), context,
				() -> instrumentation(context));
	}

	private static Contender r2dbcPool(BenchmarkServer server) {
		PostgresqlConnectionConfiguration.Builder driver = PostgresqlConnectionConfiguration.builder()
			.host(server.host())
			.port(server.port())
			.database(server.database())
			.username(server.username());
		if (server.password() != null) {
			driver.password(server.password());
		}
		ConnectionPool pool = new ConnectionPool(
				ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(driver.build()))
					.maxSize(POOL_SIZE)
					.build());
		pool.warmup().block();
		return new R2dbcContender("r2dbc-pool",
				"hand-built r2dbc-pool over r2dbc-postgresql, defaults (LOCAL validation)", pool, pool::dispose,
				() -> "");
	}

	private static ConfigurableApplicationContext application(List<String> properties) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.properties("logging.level.root=WARN", "logging.level.com.zaxxer.hikari=ERROR",
					"logging.level.io.vertx=ERROR", "logging.level.io.r2dbc=ERROR",
					"logging.level.io.r2dbc.postgresql.client=OFF", "logging.level.reactor=ERROR",
					"logging.level.io.databridge=ERROR")
			.run();
	}

	private static String instrumentation(ConfigurableApplicationContext context) {
		MeterRegistry meters = context.getBeanProvider(MeterRegistry.class).getIfAvailable();
		if (meters == null) {
			return "no MeterRegistry";
		}
		String handlers = String.join(", ", context.getBeanNamesForType(ObservationHandler.class));
		String summary = meters.getClass().getSimpleName() + " with " + meters.getMeters().size()
				+ " meters; observation handler beans: " + (handlers.isEmpty() ? "none" : handlers);
		if (context.getBeanNamesForType(DatabridgeConnectionPool.class).length == 0) {
			return summary;
		}
		long statements = meters.find("databridge.query").timers().stream().mapToLong(Timer::count).sum();
		return summary + "; the databridge.query timer counted " + String.format(Locale.ROOT, "%,d", statements)
				+ " statements";
	}

	/**
	 * The application the contexts are built from: auto-configuration only.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
