package io.databridge.docker.compose;

import io.databridge.autoconfigure.DatabridgeConnectionDetails;
import io.databridge.url.HostAddress;
import io.databridge.url.LibpqUrl;
import io.databridge.url.UrlMasker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * {@link DockerComposeConnectionDetailsFactory} that creates
 * {@link DatabridgeConnectionDetails} for a {@code postgres} Docker Compose service, so
 * the Databridge pool connects to it while the other {@code databridge.*} settings still
 * apply.
 *
 * @author Databridge team
 */
class PostgresDockerComposeConnectionDetailsFactory
		extends DockerComposeConnectionDetailsFactory<DatabridgeConnectionDetails> {

	PostgresDockerComposeConnectionDetailsFactory() {
		super("postgres", "io.r2dbc.postgresql.PostgresqlConnectionFactory", "reactor.pool.InstrumentedPool");
	}

	@Override
	protected DatabridgeConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new PostgresDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * {@link DatabridgeConnectionDetails} backed by a {@code postgres}
	 * {@link RunningService}. {@link #toString()} never shows the password.
	 */
	static final class PostgresDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements DatabridgeConnectionDetails {

		@Override
		public boolean isDirect() {
			return true;
		}

		private final String url;

		private final PostgresEnvironment environment;

		PostgresDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.environment = new PostgresEnvironment(service.name(), service.env());
			HostAddress address = new HostAddress(service.host(), service.ports().get(HostAddress.DEFAULT_PORT));
			this.url = LibpqUrl.of(address, this.environment.database());
		}

		@Override
		public String getUrl() {
			return this.url;
		}

		@Override
		public String getUsername() {
			return this.environment.username();
		}

		@Override
		public @Nullable String getPassword() {
			return this.environment.password();
		}

		@Override
		public String toString() {
			return "DatabridgeConnectionDetails[url=" + this.url + ", username=" + getUsername() + ", password="
					+ UrlMasker.maskSecret(getPassword(), "<none>") + "]";
		}

	}

}
