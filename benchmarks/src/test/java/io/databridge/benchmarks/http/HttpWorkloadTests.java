package io.databridge.benchmarks.http;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reading wrk's report.
 *
 * @author Databridge team
 */
class HttpWorkloadTests {

	private static final String REPORT = """
			Running 3s test @ http://127.0.0.1:41234/
			  2 threads and 64 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency     2.53ms    1.12ms   1.02s    91.20%
			    Req/Sec    12.71k   820.33    14.02k    71.67%
			  Latency Distribution
			     50%  812.00us
			     75%    2.81ms
			     90%    3.62ms
			     99%    6.07ms
			  76298 requests in 3.00s, 6.72MB read
			  Non-2xx or 3xx responses: 3
			  Socket errors: connect 0, read 2, write 0, timeout 1
			Requests/sec:  25412.37
			Transfer/sec:      2.24MB
			""";

	@Test
	void readsThroughputPercentilesInMillisecondsAndFailures() {
		Map<String, Double> measurement = HttpWorkload.parse(REPORT);
		assertThat(measurement.get("ops")).isEqualTo(25412.37);
		assertThat(measurement.get("p50")).isCloseTo(0.812, within(1e-9));
		assertThat(measurement.get("p99")).isEqualTo(6.07);
		assertThat(measurement.get("max")).isEqualTo(1020.0);
		assertThat(measurement.get("errors")).isEqualTo(6.0);
		assertThat(measurement.get("requests")).isEqualTo(76298.0);
	}

	@Test
	void aReportWithoutFailuresCountsNone() {
		String clean = REPORT.replace("  Non-2xx or 3xx responses: 3\n", "")
			.replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "");
		assertThat(HttpWorkload.parse(clean).get("errors")).isZero();
	}

}
