package io.databridge.error;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedStatementConflict}: the server's errors about the driver's own
 * statement names, and nothing else.
 *
 * @author Databridge team
 */
class NamedStatementConflictTests {

	@Test
	void statementThatAlreadyExistsIsAConflict() {
		assertThat(NamedStatementConflict
			.isCausedBy(new R2dbcBadGrammarException("prepared statement \"S_0\" already exists", "42P05"))).isTrue();
	}

	@Test
	void statementThatDoesNotExistIsAConflict() {
		assertThat(NamedStatementConflict
			.isCausedBy(new R2dbcBadGrammarException("prepared statement \"S_13\" does not exist", "26000"))).isTrue();
	}

	@Test
	void bindMessageWithTheWrongParameterCountIsAConflict() {
		assertThat(NamedStatementConflict.isCausedBy(new R2dbcNonTransientResourceException(
				"bind message supplies 1 parameters, but prepared statement \"S_13\" requires 2", "08P01")))
			.isTrue();
	}

	@Test
	void conflictIsFoundAmongTheCauses() {
		RuntimeException wrapped = new RuntimeException("executeMany",
				new R2dbcBadGrammarException("prepared statement \"S_2\" already exists", "42P05"));
		assertThat(NamedStatementConflict.isCausedBy(wrapped)).isTrue();
	}

	@Test
	void statementTheApplicationNamedItselfIsNotAConflict() {
		assertThat(NamedStatementConflict
			.isCausedBy(new R2dbcBadGrammarException("prepared statement \"orders_by_id\" already exists", "42P05")))
			.isFalse();
	}

	@Test
	void otherErrorsAreNotConflicts() {
		assertThat(NamedStatementConflict
			.isCausedBy(new R2dbcBadGrammarException("relation \"S_0\" does not exist", "42P01"))).isFalse();
		assertThat(NamedStatementConflict.isCausedBy(new IllegalStateException("prepared statement \"S_0\"")))
			.isFalse();
	}

}
