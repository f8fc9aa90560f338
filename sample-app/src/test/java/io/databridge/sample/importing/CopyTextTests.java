package io.databridge.sample.importing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CopyText}.
 *
 * @author Databridge team
 */
class CopyTextTests {

	@Test
	void appendRowSeparatesColumnsWithTabsAndEndsWithANewline() {
		StringBuilder text = new StringBuilder();
		CopyText.appendRow(text, "Ada", "ada@example.com", "1.50");
		CopyText.appendRow(text, "Bob", "bob@example.com", "0");
		assertThat(text).hasToString("Ada\tada@example.com\t1.50\nBob\tbob@example.com\t0\n");
	}

	@Test
	void appendRowEscapesBackslashTabNewlineAndCarriageReturn() {
		StringBuilder text = new StringBuilder();
		CopyText.appendRow(text, "a\\b\tc\nd\re", "\\.");
		assertThat(text).hasToString("a\\\\b\\tc\\nd\\re\t\\\\.\n");
	}

	@Test
	void appendRowLeavesOtherCharactersAlone() {
		StringBuilder text = new StringBuilder();
		CopyText.appendRow(text, "Zoë \"Z\" O'Brien, 北京");
		assertThat(text).hasToString("Zoë \"Z\" O'Brien, 北京\n");
	}

}
