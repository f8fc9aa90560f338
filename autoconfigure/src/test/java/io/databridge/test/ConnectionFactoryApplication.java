package io.databridge.test;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The smallest application that needs a {@link ConnectionFactory}: auto-configuration and
 * one bean that uses it, so that starting it opens the pool, or fails with the report a
 * user would see.
 *
 * @author Databridge team
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ConnectionFactoryApplication {

	@Bean
	String repository(ConnectionFactory connectionFactory) {
		return "uses " + connectionFactory;
	}

}
