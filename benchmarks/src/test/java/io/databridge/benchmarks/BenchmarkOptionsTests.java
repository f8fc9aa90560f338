package io.databridge.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BenchmarkOptions}.
 *
 * @author Databridge team
 */
class BenchmarkOptionsTests {

	@Test
	void defaultsAreAFullRunOfFiveRounds() {
		BenchmarkOptions options = BenchmarkOptions.parse();
		assertThat(options.quick()).isFalse();
		assertThat(options.rounds()).isEqualTo(5);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(3));
		assertThat(options.accounts()).isEqualTo(1_000_000);
		assertThat(options.bulkRows()).isEqualTo(1_000_000);
	}

	@Test
	void quickShrinksEveryDefaultButExplicitOptionsStillWin() {
		BenchmarkOptions options = BenchmarkOptions.parse("--rounds", "2", "--quick", "--output", "target/quick");
		assertThat(options.quick()).isTrue();
		assertThat(options.rounds()).isEqualTo(2);
		assertThat(options.duration()).isEqualTo(Duration.ofMillis(300));
		assertThat(options.accounts()).isEqualTo(10_000);
		assertThat(options.output()).isEqualTo(Path.of("target/quick"));
	}

	@Test
	void durationsAreReadInMillisecondsSecondsOrMinutes() {
		assertThat(BenchmarkOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(BenchmarkOptions.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
		assertThat(BenchmarkOptions.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void onlyAndWorkloadsSelectByName() {
		BenchmarkOptions options = BenchmarkOptions.parse("--only", "databridge, vertx", "--workloads", "insert");
		assertThat(options.only()).isEqualTo(List.of("databridge", "vertx"));
		assertThat(options.runs("vertx")).isTrue();
		assertThat(options.runs("hikari")).isFalse();
		assertThat(options.includes("insert")).isTrue();
		assertThat(options.includes("recovery")).isFalse();
	}

	@Test
	void profilingIsOffUnlessADirectoryIsGivenAndSamplesCpuTimeByDefault() {
		BenchmarkOptions unprofiled = BenchmarkOptions.parse();
		assertThat(unprofiled.profile()).isNull();
		BenchmarkOptions profiled = BenchmarkOptions.parse("--profile", "target/profiles");
		assertThat(profiled.profile()).isEqualTo(Path.of("target/profiles"));
		assertThat(profiled.profileEvent()).isEqualTo("itimer");
		assertThat(BenchmarkOptions.parse("--profile", "p", "--profile-event", "wall").profileEvent())
			.isEqualTo("wall");
	}

	@Test
	void unknownOptionsAndMissingValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--round", "3"))
			.withMessage("Unknown option: --round");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--rounds"))
			.withMessage("Unknown option or missing value: --rounds");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--rounds", "0"))
			.withMessage("--rounds must be at least 1, was 0");
	}

}
