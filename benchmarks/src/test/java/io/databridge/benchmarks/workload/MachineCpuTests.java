package io.databridge.benchmarks.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MachineCpu}.
 *
 * @author Databridge team
 */
class MachineCpuTests {

	@Test
	void countsIdleAndIowaitAsIdleAndTheRestUpToStealAsBusy() {
		MachineCpu.Sample sample = MachineCpu.parse("cpu  100 5 50 800 20 3 2 10 7 0");
		assertThat(sample.busy()).isEqualTo(100 + 5 + 50 + 3 + 2 + 10);
		assertThat(sample.total()).isEqualTo(100 + 5 + 50 + 800 + 20 + 3 + 2 + 10);
	}

	@Test
	void busyShareAndTimeAreTheDifferenceBetweenTwoSamples() {
		MachineCpu.Sample before = MachineCpu.parse("cpu  1000 0 500 8000 0 0 0 0 0 0");
		MachineCpu.Sample after = MachineCpu.parse("cpu  1120 0 530 8050 0 0 0 0 0 0");
		assertThat(after.busySince(before)).isEqualTo(150.0 / 200.0);
		assertThat(after.busyNanosSince(before)).isEqualTo(1_500_000_000L);
	}

	@Test
	void rejectsALineForASingleCore() {
		assertThatIllegalArgumentException().isThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8"));
	}

	@Test
	void readsThisMachineWhenItIsLinux() {
		MachineCpu.Sample sample = MachineCpu.sample();
		if (System.getProperty("os.name").startsWith("Linux")) {
			assertThat(sample).isNotNull();
			assertThat(sample.total()).isPositive().isGreaterThanOrEqualTo(sample.busy());
		}
		else {
			assertThat(sample).isNull();
		}
	}

}
