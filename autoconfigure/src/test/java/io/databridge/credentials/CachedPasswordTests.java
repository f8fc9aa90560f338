package io.databridge.credentials;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link CachedPassword}: when the supplier is asked again.
 *
 * @author Databridge team
 */
class CachedPasswordTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final DatabridgePasswordSupplier.PasswordRequest REQUEST = new DatabridgePasswordSupplier.PasswordRequest(
			"pool", "db.example.com", 5432, "orders", "app");

	private final AtomicInteger asked = new AtomicInteger();

	private final DatabridgePasswordSupplier counting = (request) -> Mono
		.fromSupplier(() -> "password-" + this.asked.incrementAndGet());

	@Test
	void freshPasswordIsReusedUntilTheServerRefusesIt() {
		CachedPassword password = new CachedPassword(this.counting, REQUEST, Duration.ofMinutes(1));
		assertThat(password.password().block(TIMEOUT)).hasToString("password-1");
		assertThat(password.password().block(TIMEOUT)).hasToString("password-1");
		password.refused();
		assertThat(password.password().block(TIMEOUT)).hasToString("password-2");
		assertThat(this.asked).hasValue(2);
	}

	@Test
	void zeroCacheTimeAsksForEveryConnection() {
		CachedPassword password = new CachedPassword(this.counting, REQUEST, Duration.ZERO);
		password.password().block(TIMEOUT);
		password.password().block(TIMEOUT);
		assertThat(this.asked).hasValue(2);
	}

	@Test
	void supplierThatSuppliesNothingFailsTheConnectionAndIsAskedAgainNextTime() {
		AtomicInteger calls = new AtomicInteger();
		CachedPassword password = new CachedPassword(
				(request) -> (calls.incrementAndGet() == 1) ? Mono.empty() : Mono.just("second"), REQUEST,
				Duration.ofMinutes(1));
		assertThatException().isThrownBy(() -> password.password().block(TIMEOUT))
			.withMessageContaining("supplied no password for pool 'pool'");
		assertThat(password.password().block(TIMEOUT)).hasToString("second");
	}

}
