package io.databridge.pooler;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Neon's {@code options=endpoint%3D<id>}, pasted as Neon documents it, reaches a proxy
 * that routes on it as Neon's does, on every connection the pool opens, and the
 * application's statements run.
 *
 * @author Databridge team
 */
class NeonEndpointOptionIntegrationTests {

	@Test
	void everyConnectionNamesTheEndpointToTheProxy() throws Exception {
		TestDatabase database = TestDatabase.get();
		try (EndpointRoutingProxy proxy = EndpointRoutingProxy.start(database.host(), database.port())) {
			String url = "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + database.database()
					+ "?sslmode=prefer&options=endpoint%3Dep-cool-darkness-123456";
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
						DatabridgeDatabaseClientAutoConfiguration.class))
				.withPropertyValues("databridge.url=" + url, "databridge.pool.size=3", "databridge.pooler=none")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					String answer = context.getBean(DatabaseClient.class)
						.sql("SELECT current_database()")
						.map((row) -> row.get(0, String.class))
						.one()
						.block();
					assertThat(answer).isEqualTo(database.database());
					assertThat(proxy.endpoints()).hasSize(3).containsOnly("ep-cool-darkness-123456");
				});
		}
	}

}
