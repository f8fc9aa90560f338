package io.databridge.pooler;

import io.databridge.test.PgBouncer;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skips tests that need PgBouncer where it is not installed, except on CI (where
 * {@code CI} is set), whose build installs it and where its absence fails the build.
 *
 * @author Databridge team
 */
public final class PgBouncerAvailability {

	private PgBouncerAvailability() {
	}

	public static void assumeInstalled() {
		String missing = "Pooler tests need " + PgBouncer.EXECUTABLE + ": apt-get install pgbouncer (Debian package)";
		if (!PgBouncer.isInstalled() && System.getenv("CI") != null) {
			fail(missing + "; .ci/run installs it on CI");
		}
		assumeTrue(PgBouncer.isInstalled(), missing);
	}

}
