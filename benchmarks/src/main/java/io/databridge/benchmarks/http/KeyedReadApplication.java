package io.databridge.benchmarks.http;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.server.Dataset;
import reactor.core.publisher.Mono;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The application every web stack of the end-to-end workload runs: {@code GET
 * /accounts/{aid}} answers one account's balance, read by primary key. Under WebFlux it
 * reads through the {@link DatabaseClient} the application context provides (Databridge's
 * or Spring Boot's); under Spring MVC through a {@link JdbcTemplate} on HikariCP.
 *
 * @author Databridge team
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class KeyedReadApplication {

	/**
	 * Argument that makes the benchmark's main class run this application instead.
	 */
	public static final String ARGUMENT = "--http-server";

	/**
	 * Path that answers how many milliseconds the application's just-in-time compiler has
	 * spent compiling so far, or -1 when the JVM does not tell.
	 */
	static final String COMPILATION_PATH = "/jvm/compilation-ms";

	static final String SELECT = Dataset.POINT_SELECT.replace("$1", ":aid");

	/**
	 * Runs the application of one stack until the process is ended.
	 * @param args the stack's name and the HTTP port
	 */
	public static void main(String[] args) {
		HttpStack stack = HttpStack.of(args[0]);
		int port = Integer.parseInt(args[1]);
		BenchmarkServer server = BenchmarkServer.start();
		List<String> properties = stack.properties(server, port);
		new SpringApplicationBuilder(KeyedReadApplication.class).bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.properties("logging.level.root=WARN", "logging.level.io.databridge=WARN")
			.initializers((context) -> context.getBeanFactory().registerSingleton("benchmarkServer", server))
			.run();
	}

	private static String compilationMillis() {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return Long.toString((compiler != null && compiler.isCompilationTimeMonitoringSupported())
				? compiler.getTotalCompilationTime() : -1);
	}

	/**
	 * The reactive route.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class Reactive {

		@Bean
		RouterFunction<ServerResponse> accounts(DatabaseClient client) {
			return RouterFunctions.route()
				.GET("/accounts/{aid}",
						(request) -> client.sql(SELECT)
							.bind("aid", Integer.parseInt(request.pathVariable("aid")))
							.map((row) -> row.get(0, Integer.class))
							.one()
							.flatMap((balance) -> ServerResponse.ok().bodyValue(Integer.toString(balance)))
							.switchIfEmpty(Mono.defer(() -> ServerResponse.notFound().build())))
				.GET(COMPILATION_PATH, (request) -> ServerResponse.ok().bodyValue(compilationMillis()))
				.build();
		}

	}

	/**
	 * The servlet route, with its own HikariCP pool.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class Servlet {

		@Bean(destroyMethod = "close")
		HikariDataSource dataSource(BenchmarkServer server) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(server.jdbcUrl());
			dataSource.setUsername(server.username());
			dataSource.setPassword(server.password());
			dataSource.setMaximumPoolSize(Contenders.POOL_SIZE);
			return dataSource;
		}

		@Bean
		org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> accounts(
				HikariDataSource dataSource) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			String select = Dataset.POINT_SELECT.replace("$1", "?");
			return org.springframework.web.servlet.function.RouterFunctions.route()
				.GET("/accounts/{aid}", (request) -> {
					Integer balance = jdbc.queryForObject(select, Integer.class,
							Integer.parseInt(request.pathVariable("aid")));
					return org.springframework.web.servlet.function.ServerResponse.ok().body(Integer.toString(balance));
				})
				.GET(COMPILATION_PATH,
						(request) -> org.springframework.web.servlet.function.ServerResponse.ok()
							.body(compilationMillis()))
				.build();
		}

	}

}
