package io.databridge.benchmarks.isolation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WorkerProtocol}.
 *
 * @author Databridge team
 */
class WorkerProtocolTests {

	@Test
	void aMeasurementReadsBackWithEveryValueExactAndInOrder() {
		Map<String, Double> measurement = new LinkedHashMap<>();
		measurement.put("ops", 26659.123456789);
		measurement.put("p99", 4.75);
		measurement.put("alloc", 1.0E-7);
		measurement.put("errors", 0.0);
		String line = WorkerProtocol.answer(WorkerProtocol.MEASURED, WorkerProtocol.format(measurement));
		WorkerProtocol.Answer answer = WorkerProtocol.Answer.of(line);
		assertThat(answer).isNotNull();
		assertThat(answer.kind()).isEqualTo(WorkerProtocol.MEASURED);
		assertThat(WorkerProtocol.parse(answer.payload())).containsExactlyEntriesOf(measurement);
	}

	@Test
	void anEmptyMeasurementReadsBackEmpty() {
		String line = WorkerProtocol.answer(WorkerProtocol.MEASURED, WorkerProtocol.format(Map.of()));
		assertThat(WorkerProtocol.parse(WorkerProtocol.Answer.of(line).payload())).isEmpty();
	}

	@Test
	void linesWithoutThePrefixAreTheWorkersOtherOutput() {
		assertThat(WorkerProtocol.Answer.of("2026-11-22 WARN something logged")).isNull();
		assertThat(WorkerProtocol.Answer.of("done")).isNull();
	}

	@Test
	void anAnswerAfterTheJvmsOwnOutputOnTheSameLineIsStillFound() {
		String line = "  20274 1469       2       java.nio.ByteBuffer::arrayOffset (35 bytes)"
				+ WorkerProtocol.answer(WorkerProtocol.DONE, "12");
		assertThat(WorkerProtocol.Answer.of(line)).isEqualTo(new WorkerProtocol.Answer(WorkerProtocol.DONE, "12"));
	}

	@Test
	void anAnswerWithoutPayloadHasAnEmptyOne() {
		WorkerProtocol.Answer answer = WorkerProtocol.Answer.of(WorkerProtocol.answer(WorkerProtocol.DONE, ""));
		assertThat(answer).isEqualTo(new WorkerProtocol.Answer(WorkerProtocol.DONE, ""));
	}

	@Test
	void aPayloadOverSeveralLinesIsSentAsOne() {
		String line = WorkerProtocol.answer(WorkerProtocol.FAILED, "java.lang.IllegalStateException: first\nsecond");
		assertThat(line).doesNotContain("\n");
		assertThat(WorkerProtocol.Answer.of(line).payload()).isEqualTo("java.lang.IllegalStateException: first second");
	}

	@Test
	void commandsNameTheWorkloadAndTheDurationInMilliseconds() {
		assertThat(WorkerProtocol.measure("point-select", Duration.ofSeconds(3)))
			.isEqualTo("measure point-select 3000");
		assertThat(WorkerProtocol.warmUp("insert", Duration.ofMillis(200))).isEqualTo("warm-up insert 200");
	}

	@Test
	void somethingElseIsNotAMeasurement() {
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerProtocol.parse("ops=fast"));
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerProtocol.parse("=1.0"));
	}

}
