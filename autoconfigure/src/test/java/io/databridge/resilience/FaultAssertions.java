package io.databridge.resilience;

import java.time.Duration;
import java.util.List;

import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.pool.DatabridgeConnectionPool;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checks every fault test ends with: no request hung past its timeout, every failure
 * was typed, nothing reported committed was lost, and the server holds no more
 * connections than the pool allows, none of them idle in a transaction.
 *
 * @author Databridge team
 */
final class FaultAssertions {

	private FaultAssertions() {
	}

	static void assertNoneHung(List<InsertLoad.Outcome> outcomes, Duration bound) {
		assertThat(outcomes).isNotEmpty();
		assertThat(outcomes).noneMatch(InsertLoad.Outcome::hung);
		InsertLoad.Outcome slowest = outcomes.stream()
			.max((a, b) -> a.duration().compareTo(b.duration()))
			.orElseThrow();
		assertThat(slowest.duration()).as("slowest request").isLessThanOrEqualTo(bound);
	}

	static void assertFailuresTyped(List<InsertLoad.Outcome> outcomes) {
		for (InsertLoad.Outcome outcome : outcomes) {
			Throwable error = outcome.error();
			if (error != null) {
				assertThat(DatabaseError.of(error).kind()).as(String.valueOf(error)).isNotEqualTo(ErrorKind.OTHER);
			}
		}
	}

	static void assertNothingCommittedLost(InsertLoad load) {
		assertThat(load.stored()).containsAll(load.committed());
	}

	static void assertServerClean(ConnectionCounter server, String applicationName, DatabridgeConnectionPool pool) {
		int max = pool.getSettings().maxSize();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(server.count(applicationName, null)).isLessThanOrEqualTo(max);
			assertThat(server.count(applicationName, "idle in transaction")).isZero();
			assertThat(server.count(applicationName, "idle in transaction (aborted)")).isZero();
			assertThat(pool.getState().active()).isZero();
		});
	}

	/**
	 * Counts a server's connections, as {@code pg_stat_activity} shows them.
	 */
	@FunctionalInterface
	interface ConnectionCounter {

		int count(String applicationName, @Nullable String state);

	}

}
