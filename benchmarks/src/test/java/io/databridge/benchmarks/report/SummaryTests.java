package io.databridge.benchmarks.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Summary}.
 *
 * @author Databridge team
 */
class SummaryTests {

	@Test
	void medianOfAnOddCountIsTheMiddleValue() {
		Summary summary = Summary.of(List.of(5.0, 1.0, 3.0));
		assertThat(summary.median()).isEqualTo(3.0);
		assertThat(summary.min()).isEqualTo(1.0);
		assertThat(summary.max()).isEqualTo(5.0);
	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(Summary.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
	}

	@Test
	void roundsWithoutAValueAreLeftOut() {
		Summary summary = Summary.of(List.of(Double.NaN, 2.0));
		assertThat(summary.count()).isEqualTo(1);
		assertThat(summary.median()).isEqualTo(2.0);
		assertThat(Summary.of(List.of(Double.NaN)).present()).isFalse();
	}

}
