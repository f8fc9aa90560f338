package io.databridge.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryExecution}.
 *
 * @author Databridge team
 */
class QueryExecutionTests {

	private final QueryExecution execution = QueryExecutions.select();

	@Test
	void anAttributeNeverSetIsNull() {
		assertThat(this.execution.getAttribute("missing")).isNull();
		this.execution.setAttribute("present", 1);
		assertThat(this.execution.getAttribute("missing")).isNull();
	}

	@Test
	void eachListenerReadsBackItsOwnAttributes() {
		Object observation = new Object();
		Object watchdog = new Object();
		this.execution.setAttribute(observation, "observation");
		this.execution.setAttribute(watchdog, "watchdog");
		this.execution.setAttribute("third", 3);
		assertThat(this.execution.getAttribute(observation)).isEqualTo("observation");
		assertThat(this.execution.getAttribute(watchdog)).isEqualTo("watchdog");
		assertThat(this.execution.getAttribute("third")).isEqualTo(3);
	}

	@Test
	void settingAnAttributeAgainReplacesItsValue() {
		this.execution.setAttribute("key", "first");
		this.execution.setAttribute("other", "other");
		this.execution.setAttribute("key", "second");
		assertThat(this.execution.getAttribute("key")).isEqualTo("second");
		assertThat(this.execution.getAttribute("other")).isEqualTo("other");
	}

}
