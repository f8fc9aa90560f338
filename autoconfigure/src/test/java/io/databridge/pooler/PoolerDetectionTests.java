package io.databridge.pooler;

import java.util.List;

import io.databridge.url.HostAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolerDetection}: each rule, and the hosts that tell nothing.
 *
 * @author Databridge team
 */
class PoolerDetectionTests {

	@Test
	void neonPoolerHostIsATransactionPooler() {
		PoolerDetection.Detected detected = detect("ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech", 5432);
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.TRANSACTION);
		assertThat(detected.reason()).contains("Neon");
	}

	@Test
	void neonDirectHostIsADirectConnection() {
		PoolerDetection.Detected detected = detect("ep-cool-darkness-123456.us-east-2.aws.neon.tech", 5432);
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.NONE);
	}

	@Test
	void supabaseDirectHostIsADirectConnection() {
		PoolerDetection.Detected detected = detect("db.abcdefghij.supabase.co", 5432);
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.NONE);
	}

	@Test
	void neonHostIsRecognisedWhateverItsCase() {
		assertThat(detect("EP-X-POOLER.eu-central-1.AWS.NEON.TECH", 5432)).isNotNull();
	}

	@Test
	void supabasePoolerOnPort6543IsATransactionPooler() {
		PoolerDetection.Detected detected = detect("aws-0-eu-central-1.pooler.supabase.com", 6543);
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.TRANSACTION);
		assertThat(detected.reason()).contains("Supabase");
	}

	@Test
	void supabasePoolerOnPort5432IsASessionPooler() {
		PoolerDetection.Detected detected = detect("aws-0-eu-central-1.pooler.supabase.com", 5432);
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.SESSION);
	}

	@Test
	void anyHostOnPort6543IsTakenForATransactionPooler() {
		PoolerDetection.Detected detected = detect("db.abcdefghij.supabase.co", 6543);
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.TRANSACTION);
		assertThat(detected.reason()).contains("6543");
	}

	@Test
	void pgBouncersUsualPortTellsNothingSinceItRunsInEitherMode() {
		assertThat(detect("pgbouncer.internal", 6432)).isNull();
		assertThat(detect("localhost", 5432)).isNull();
	}

	@Test
	void transactionPoolerAmongSeveralHostsWinsOverASessionPooler() {
		PoolerDetection.Detected detected = PoolerDetection
			.detect(List.of(new HostAddress("aws-0-x.pooler.supabase.com", 5432), new HostAddress("other", 6543)));
		assertThat(detected).isNotNull();
		assertThat(detected.mode()).isEqualTo(PoolerMode.TRANSACTION);
	}

	private static PoolerDetection.Detected detect(String host, int port) {
		return PoolerDetection.detect(List.of(new HostAddress(host, port)));
	}

}
