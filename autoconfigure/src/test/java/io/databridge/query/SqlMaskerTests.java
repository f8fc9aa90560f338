package io.databridge.query;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SqlMasker}.
 *
 * @author Databridge team
 */
class SqlMaskerTests {

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("maskedLiterals")
	void literalsAreMasked(String sql, String masked) {
		assertThat(SqlMasker.mask(sql)).isEqualTo(masked);
	}

	static Stream<Arguments> maskedLiterals() {
		return Stream.of(
				Arguments.of(
						"SELECT * FROM t WHERE a = 'it''s' AND b = 42 AND c = $1 AND d = E'x\\'y' AND e = 1.5e3 "
								+ "AND t1.col2 = -7",
						"SELECT * FROM t WHERE a = ? AND b = ? AND c = $1 AND d = ? AND e = ? AND t1.col2 = -?"),
				Arguments.of("ALTER ROLE app PASSWORD 'secret'", "ALTER ROLE app PASSWORD ?"),
				Arguments.of("INSERT INTO t (a, b) VALUES (1, 'x')", "INSERT INTO t (a, b) VALUES (?, ?)"),
				Arguments.of("SELECT 'a''b''', '', ''''", "SELECT ?, ?, ?"),
				Arguments.of("SELECT 'a'||'b'", "SELECT ?||?"), Arguments.of("SELECT 'a\\'", "SELECT ?"),
				Arguments.of("SELECT e'a\\\\', E'\\n'", "SELECT ?, ?"),
				Arguments.of("SELECT U&'d\\0061t\\+000061', u&'x' UESCAPE '!'", "SELECT ?, ? UESCAPE ?"),
				Arguments.of("SELECT B'1010', b'0', X'1F', x'ff', N'abc', n'd'", "SELECT ?, ?, ?, ?, ?, ?"),
				Arguments.of("DO $body$ BEGIN PERFORM 1; END $body$", "DO ?"),
				Arguments.of("SELECT $$a 'b' c$$, $x$ $$ $y$ $x$", "SELECT ?, ?"),
				Arguments.of("SELECT $_t1$ x $_t1$", "SELECT ?"),
				Arguments.of("SELECT 0, 42, 0x1F, 0XAB, 0o17, 0b101, 1_000_000", "SELECT ?, ?, ?, ?, ?, ?, ?"),
				Arguments.of("SELECT 3.14, .5, 5., 1e10, 1.5E-3, 2e+7", "SELECT ?, ?, ?, ?, ?, ?"),
				Arguments.of("SELECT 5-3, 6/2, 2*-1", "SELECT ?-?, ?/?, ?*-?"),
				Arguments.of("SELECT * FROM t LIMIT 10 OFFSET 20", "SELECT * FROM t LIMIT ? OFFSET ?"),
				Arguments.of("SELECT e FROM t WHERE e = 1", "SELECT e FROM t WHERE e = ?"),
				Arguments.of("SELECT '\u00e4' FROM t\u00e41", "SELECT ? FROM t\u00e41"),
				Arguments.of("SELECT 'it''s", "SELECT ?"), Arguments.of("SELECT E'x\\'", "SELECT ?"),
				Arguments.of("SELECT $$x", "SELECT ?"), Arguments.of("SELECT $q$x$$ y", "SELECT ?"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "SELECT \"col 1\" FROM \"T2\"", "SELECT * FROM t1 JOIN col_2 ON t1.id = col_2.id",
			"SELECT a FROM t WHERE b = $1 AND c = $12", "SELECT a FROM t WHERE b = :name AND c = ?",
			"SELECT NULL, TRUE, FALSE, null", "SELECT \"it's 42\", \"a\"\"1\"\"\"", "SELECT a$1 FROM t$2",
			"SELECT x::int8", "SELECT U&\"d\\0061t\"", "SELECT \"--x\", \"/* y */\"", "  \n\tSELECT  *\r\n  FROM  t  ",
			"", "?" })
	void sqlWithoutLiteralsIsUnchanged(String sql) {
		assertThat(SqlMasker.mask(sql)).isEqualTo(sql);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("sqlWithComments")
	void commentsAreReplacedBySpace(String sql, String masked) {
		assertThat(SqlMasker.mask(sql)).isEqualTo(masked);
	}

	static Stream<Arguments> sqlWithComments() {
		return Stream.of(Arguments.of("SELECT a -- password 'x'\nFROM t", "SELECT a  \nFROM t"),
				Arguments.of("SELECT /* secret 42 */ a", "SELECT   a"),
				Arguments.of("SELECT a/* x /* nested */ y */FROM t", "SELECT a FROM t"),
				Arguments.of("SELECT a--x\r\nFROM t", "SELECT a \r\nFROM t"),
				Arguments.of("SELECT a -- unterminated", "SELECT a  "),
				Arguments.of("SELECT a /* unterminated /* */", "SELECT a  "),
				Arguments.of("SELECT '--x', '/*' FROM t", "SELECT ?, ? FROM t"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "ALTER ROLE app PASSWORD 'secret'", "ALTER ROLE app PASSWORD E'sec\\'ret' VALID",
			"CREATE USER app PASSWORD $$secret$$", "SELECT U&'secret'", "SELECT 1 -- secret", "SELECT /* secret */ 1",
			"SELECT 'unterminated secret" })
	void secretIsNeverKept(String sql) {
		assertThat(SqlMasker.mask(sql)).doesNotContain("secret").doesNotContain("ret");
	}

	@Test
	void maskingIsIdempotentForRandomText() {
		Random random = new Random(42);
		String alphabet = "aeEUxX0179._$&'\"-/*?:\\ \n";
		for (int i = 0; i < 20000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(40);
			for (int j = 0; j < length; j++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String masked = SqlMasker.mask(text.toString());
			assertThat(SqlMasker.mask(masked)).as("mask of '%s'", text).isEqualTo(masked);
		}
	}

	@ParameterizedTest(name = "[{index}] {0} to {1}")
	@CsvSource(delimiter = '|', textBlock = """
			SELECT * FROM t | 15 | SELECT * FROM t
			SELECT * FROM t | 20 | SELECT * FROM t
			SELECT * FROM t | 14 | SELECT * FR...
			SELECT * FROM t | 10 | SELECT ...
			SELECT * FROM t | 3  | ...
			''              | 3  | ''
			""")
	void abbreviateShortensLongTextToMaxLength(String sql, int maxLength, String abbreviated) {
		assertThat(SqlMasker.abbreviate(sql, maxLength)).isEqualTo(abbreviated).hasSizeLessThanOrEqualTo(maxLength);
	}

	@Test
	void abbreviateDoesNotSplitSurrogatePair() {
		assertThat(SqlMasker.abbreviate("ab\ud83d\ude00cdef", 6)).isEqualTo("ab...");
	}

	@Test
	void abbreviateWithMaxLengthBelowThreeFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlMasker.abbreviate("SELECT 1", 2))
			.withMessage("maxLength must be at least 3, but was 2");
	}

}
