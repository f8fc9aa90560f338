package io.databridge.tck;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The R2DBC SPI conformance suite against the {@link ConnectionFactory} an application
 * gets from Databridge: the pool, its leased connections and their instrumented
 * statements, configured from {@code databridge.*} properties alone.
 *
 * @author Databridge team
 */
class DatabridgeTestKitIntegrationTests extends PostgresTestKit {

	private final ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
		.web(WebApplicationType.NONE)
		.properties("databridge.url=" + url(), "databridge.embedded.enabled=false", "databridge.pool.size=2",
				"databridge.pool.max-overflow=2")
		.run();

	@Override
	public ConnectionFactory getConnectionFactory() {
		return this.context.getBean(DatabridgeConnectionPool.class);
	}

	@AfterAll
	void closeContext() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DatabridgeAutoConfiguration.class)
	static class Application {

	}

}
