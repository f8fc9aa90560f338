package io.databridge.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;

/**
 * A {@link RunningService} that stands for the {@link TestDatabase} server: its host, and
 * its port as the one container port 5432 is published on.
 *
 * @param name the service name
 * @param imageName the image, such as {@code postgres:18}
 * @param env the service's environment
 * @param labels the service's labels
 * @author Databridge team
 */
public record TestDatabaseService(String name, String imageName, Map<String, @Nullable String> env,
		Map<String, String> labels) implements RunningService {

	private static final int POSTGRESQL_PORT = 5432;

	/**
	 * Creates a service running the {@code postgres} image.
	 * @param env the service's environment
	 * @return the service
	 */
	public static TestDatabaseService postgres(Map<String, @Nullable String> env) {
		return new TestDatabaseService("db", "postgres:18", env, Map.of());
	}

	@Override
	public ImageReference image() {
		return ImageReference.of(this.imageName);
	}

	@Override
	public String host() {
		return TestDatabase.get().host();
	}

	@Override
	public ConnectionPorts ports() {
		int port = TestDatabase.get().port();
		return new ConnectionPorts() {

			@Override
			public int get(int containerPort) {
				if (containerPort != POSTGRESQL_PORT) {
					throw new IllegalStateException("No host port for container port " + containerPort);
				}
				return port;
			}

			@Override
			public List<Integer> getAll() {
				return List.of(port);
			}

			@Override
			public List<Integer> getAll(String protocol) {
				return "tcp".equals(protocol) ? List.of(port) : List.of();
			}

		};
	}

}
