package io.databridge.observation;

import io.databridge.query.QueryExecutions;
import io.databridge.query.QueryTarget;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryObservationContext}'s low-cardinality key values, which skip
 * putting the same set into the map twice.
 *
 * @author Databridge team
 */
class QueryObservationContextTests {

	private static final KeyValues STATEMENT = KeyValues.of("db.operation.name", "SELECT", "outcome", "success");

	private final QueryObservationContext context = new QueryObservationContext(QueryExecutions.select(),
			new QueryTarget("orders", "shop", "localhost", 5432), false);

	@Test
	void theSameSetAddedAtStartAndStopLeavesItsValues() {
		this.context.addLowCardinalityKeyValues(STATEMENT);
		this.context.addLowCardinalityKeyValues(STATEMENT);
		assertThat(this.context.getLowCardinalityKeyValues()).isEqualTo(STATEMENT);
	}

	@Test
	void theSameSetAddedAgainRestoresAValueChangedInBetween() {
		this.context.addLowCardinalityKeyValues(STATEMENT);
		this.context.addLowCardinalityKeyValue(KeyValue.of("outcome", "overridden"));
		this.context.addLowCardinalityKeyValues(STATEMENT);
		assertThat(this.context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
	}

	@Test
	void theSameSetAddedAgainRestoresAValueRemovedInBetween() {
		this.context.addLowCardinalityKeyValues(STATEMENT);
		this.context.removeLowCardinalityKeyValue("outcome");
		this.context.addLowCardinalityKeyValues(STATEMENT);
		assertThat(this.context.getLowCardinalityKeyValues()).isEqualTo(STATEMENT);
		this.context.removeLowCardinalityKeyValues("outcome", "db.operation.name");
		this.context.addLowCardinalityKeyValues(STATEMENT);
		assertThat(this.context.getLowCardinalityKeyValues()).isEqualTo(STATEMENT);
	}

	@Test
	void anotherSetIsAddedOverTheFirst() {
		this.context.addLowCardinalityKeyValues(STATEMENT);
		KeyValues failed = STATEMENT.and("outcome", "error").and("error.type", "42P01");
		this.context.addLowCardinalityKeyValues(failed);
		assertThat(this.context.getLowCardinalityKeyValues()).isEqualTo(failed);
	}

}
