package io.databridge.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MeasurementRecorder}.
 *
 * @author Databridge team
 */
class MeasurementRecorderTests {

	@TempDir
	Path directory;

	@Test
	void withoutADirectoryAMeasurementRunsUnprofiled() throws IOException {
		Integer result = MeasurementRecorder.into(null, "itimer").record("point-select", "databridge", 1, () -> 42);
		assertThat(result).isEqualTo(42);
		try (var files = Files.list(this.directory)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = { "amd64", "aarch64" })
	void aProfiledMeasurementLeavesCollapsedStacksAndAFlameGraphNamedForItsWorkloadContenderAndRound()
			throws IOException {
		long result = MeasurementRecorder.into(this.directory, "itimer")
			.record("point-select", "databridge", 2, MeasurementRecorderTests::spin);
		assertThat(result).isNotZero();
		Path base = this.directory.resolve("point-select");
		List<String> stacks = Files.readAllLines(base.resolve("databridge-2.collapsed"));
		assertThat(stacks).anyMatch((line) -> line.contains("MeasurementRecorderTests.spin")
				&& Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)) > 0);
		assertThat(base.resolve("databridge-2.html")).content().startsWith("<!DOCTYPE html>").contains("<canvas");
	}

	@Test
	void theCollapsedStacksOfAContenderAreEveryRoundOfThatContenderOnly() throws IOException {
		Path folder = Files.createDirectories(this.directory.resolve("point-select"));
		Files.writeString(folder.resolve("databridge-1.collapsed"), "a 1\n");
		Files.writeString(folder.resolve("databridge-2.collapsed"), "a 1\n");
		Files.writeString(folder.resolve("databridge-no-observability-1.collapsed"), "a 1\n");
		Files.writeString(folder.resolve("databridge-1.html"), "<html></html>");
		assertThat(MeasurementRecorder.collapsedStacks(this.directory, "point-select", "databridge"))
			.containsExactly(folder.resolve("databridge-1.collapsed"), folder.resolve("databridge-2.collapsed"));
		assertThat(MeasurementRecorder.collapsedStacks(this.directory, "point-select", "vertx")).isEmpty();
		assertThat(MeasurementRecorder.collapsedStacks(this.directory, "insert", "databridge")).isEmpty();
	}

	/**
	 * Keeps one core busy for a third of a second, long enough for a few hundred samples.
	 */
	private static long spin() {
		long end = System.nanoTime() + 300_000_000L;
		long value = 1;
		while (System.nanoTime() < end) {
			value = value * 31 + (value >>> 7);
		}
		return value | 1;
	}

}
