package io.databridge.benchmarks.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompilerSettling}, with compile times given per pass.
 *
 * @author Databridge team
 */
class CompilerSettlingTests {

	private final List<String> ran = new ArrayList<>();

	@Test
	void subjectsRunInTurnUntilAPassInWhichNoneCompiledMoreThanItsShare() {
		String settled = CompilerSettling.settle(List.of("a", "b"), Duration.ofSeconds(4), Duration.ofMinutes(1), 0.05,
				(subject) -> {
					this.ran.add(subject);
					return (this.ran.size() <= 2) ? 900 : 200;
				});
		assertThat(this.ran).containsExactly("a", "b", "a", "b");
		assertThat(settled).isEqualTo("settled in 2 passes of 4s each");
	}

	@Test
	void subjectsStillCompilingWhenTheirTimeIsUpAreNamed() {
		String settled = CompilerSettling.settle(List.of("a", "b"), Duration.ofSeconds(1), Duration.ofSeconds(3), 0.02,
				(subject) -> subject.equals("a") ? 21 : -1);
		assertThat(settled).isEqualTo(
				"settled in 3 passes of 1s each; still compiling in the last: a 21 ms, b (its JVM does not tell)");
	}

}
