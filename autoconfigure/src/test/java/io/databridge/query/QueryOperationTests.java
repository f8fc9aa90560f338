package io.databridge.query;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryOperation}.
 *
 * @author Databridge team
 */
class QueryOperationTests {

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			SELECT * FROM t                                  | SELECT
			select 1                                         | SELECT
			SELECT*FROM t                                    | SELECT
			insert into t (a) values (1)                     | INSERT
			Update t SET a = 1                               | UPDATE
			DELETE FROM t WHERE a = 1                        | DELETE
			MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE | MERGE
			COPY t FROM STDIN                                | COPY
			CALL do_work(1)                                  | CALL
			VALUES (1), (2)                                  | VALUES
			BEGIN                                            | BEGIN
			begin isolation level serializable               | BEGIN
			COMMIT                                           | COMMIT
			ROLLBACK TO SAVEPOINT s                          | ROLLBACK
			SAVEPOINT s                                      | SAVEPOINT
			SET search_path TO app                           | SET
			SHOW server_version                              | SHOW
			CREATE TABLE t (a int)                           | CREATE
			ALTER TABLE t ADD COLUMN b int                   | ALTER
			DROP TABLE t                                     | DROP
			TRUNCATE t                                       | TRUNCATE
			GRANT SELECT ON t TO app                         | GRANT
			REVOKE SELECT ON t FROM app                      | REVOKE
			EXPLAIN ANALYZE SELECT 1                         | EXPLAIN
			LOCK TABLE t IN ACCESS EXCLUSIVE MODE            | LOCK
			LISTEN orders                                    | LISTEN
			NOTIFY orders                                    | NOTIFY
			DO $$ BEGIN END $$                               | DO
			PREPARE q AS SELECT 1                            | PREPARE
			EXECUTE q                                        | EXECUTE
			DEALLOCATE q                                     | DEALLOCATE
			VACUUM t                                         | VACUUM
			ANALYZE t                                        | ANALYZE
			""")
	void statementIsNamedByItsFirstKeyword(String sql, QueryOperation operation) {
		assertThat(QueryOperation.of(sql)).isEqualTo(operation);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			START TRANSACTION                                | BEGIN
			start transaction isolation level read committed | BEGIN
			START /* x */ TRANSACTION                        | BEGIN
			END                                              | COMMIT
			end transaction                                  | COMMIT
			ABORT                                            | ROLLBACK
			RELEASE SAVEPOINT s                              | SAVEPOINT
			release s                                        | SAVEPOINT
			TABLE t                                          | SELECT
			ANALYSE t                                        | ANALYZE
			""")
	void synonymIsNamedByTheOperationItPerforms(String sql, QueryOperation operation) {
		assertThat(QueryOperation.of(sql)).isEqualTo(operation);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("withQueries")
	void withQueryIsNamedByItsMainStatement(String sql, QueryOperation operation) {
		assertThat(QueryOperation.of(sql)).isEqualTo(operation);
	}

	static Stream<Arguments> withQueries() {
		return Stream.of(Arguments.of("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", QueryOperation.INSERT),
				Arguments.of("with recursive r(n) as (values (1) union all select n+1 from r) select * from r",
						QueryOperation.SELECT),
				Arguments.of("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", QueryOperation.SELECT),
				Arguments.of("WITH x AS (SELECT 1) UPDATE t SET a = 1", QueryOperation.UPDATE),
				Arguments.of("WITH x AS (SELECT 1), y AS (SELECT 2) DELETE FROM t", QueryOperation.DELETE),
				Arguments.of("WITH s AS (SELECT 1) MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
						QueryOperation.MERGE),
				Arguments.of("WITH x AS (SELECT 1) VALUES (2)", QueryOperation.VALUES),
				Arguments.of("WITH x AS MATERIALIZED (UPDATE t SET a = 1 RETURNING a) SELECT a FROM x",
						QueryOperation.SELECT),
				Arguments.of("WITH x AS (SELECT ')' AS p) UPDATE t SET a = 1", QueryOperation.UPDATE),
				Arguments.of("WITH x AS (SELECT E'\\')' AS p) UPDATE t SET a = 1", QueryOperation.UPDATE),
				Arguments.of("WITH x AS (SELECT \")\" FROM t) DELETE FROM u", QueryOperation.DELETE),
				Arguments.of("WITH x AS (SELECT $$)$$, $q$ ) $$ $q$) INSERT INTO t SELECT 1", QueryOperation.INSERT),
				Arguments.of(
						"WITH x AS (SELECT 1 /* ) */ -- )\n) MERGE INTO t USING x ON true WHEN MATCHED THEN DELETE",
						QueryOperation.MERGE),
				Arguments.of("WITH \"select\" AS (VALUES (1)) DELETE FROM t", QueryOperation.DELETE),
				Arguments.of("WITH selected AS (SELECT 1) INSERT INTO t SELECT * FROM selected", QueryOperation.INSERT),
				Arguments.of("WITH x AS (SELECT 1) /* select */ -- select\nUPDATE t SET a = 1", QueryOperation.UPDATE),
				Arguments.of("WITH x AS (SELECT 'a' || 'b') TABLE x", QueryOperation.SELECT),
				Arguments.of("(WITH x AS (SELECT 1) SELECT * FROM x)", QueryOperation.SELECT),
				Arguments.of("WITH x AS (SELECT 1)", QueryOperation.SELECT),
				Arguments.of("WITH x AS (SELECT 'unterminated", QueryOperation.SELECT),
				Arguments.of("WITH x AS ((((SELECT 1", QueryOperation.SELECT),
				Arguments.of("WITH ))) INSERT INTO t VALUES (1)", QueryOperation.INSERT));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("statementsWithLeadingNoise")
	void leadingWhitespaceCommentsAndParenthesesAreSkipped(String sql, QueryOperation operation) {
		assertThat(QueryOperation.of(sql)).isEqualTo(operation);
	}

	static Stream<Arguments> statementsWithLeadingNoise() {
		return Stream.of(Arguments.of("/* a /* nested */ b */ -- x\n update t set a=1", QueryOperation.UPDATE),
				Arguments.of("  (SELECT 1)", QueryOperation.SELECT),
				Arguments.of("\n\t-- comment\r\nDELETE FROM t", QueryOperation.DELETE),
				Arguments.of("((VALUES (1)))", QueryOperation.VALUES),
				Arguments.of("/**/INSERT INTO t VALUES (1)", QueryOperation.INSERT),
				Arguments.of("( /* x */ ( select 1 ) )", QueryOperation.SELECT),
				Arguments.of("-- select\nCOMMIT", QueryOperation.COMMIT));
	}

	@ParameterizedTest(name = "[{index}] \"{0}\"")
	@ValueSource(strings = { "", " ", ";", "SELECTED * FROM t", "selection", "INSERTS INTO t", "UPDATE_t", "DO1",
			"START", "START x", "STARTTRANSACTION", "WITHOUT x", "BATCH", "OTHER", "1", "(", "$$", "'SELECT'",
			"\"SELECT\"", "E'x'", "-- SELECT", "/* SELECT */", "/* unterminated SELECT", "foo bar", "\u00e9SELECT",
			"SELECT\u00e9" })
	void unknownOrEmptyStatementIsOther(String sql) {
		assertThat(QueryOperation.of(sql)).isEqualTo(QueryOperation.OTHER);
	}

	@ParameterizedTest
	@EnumSource
	void tagValueIsTheConstantName(QueryOperation operation) {
		assertThat(operation.tagValue()).isEqualTo(operation.name());
	}

	@Test
	void batchTagValueIsBatch() {
		assertThat(QueryOperation.BATCH.tagValue()).isEqualTo("BATCH");
	}

	@Test
	void randomTextIsClassifiedWithoutFailing() {
		Random random = new Random(42);
		String alphabet = "WITH with SELECT INSERT ()'\"$e-/*\n;";
		for (int i = 0; i < 20000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(40);
			for (int j = 0; j < length; j++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			assertThat(QueryOperation.of(text.toString())).as("operation of '%s'", text).isNotNull();
		}
	}

}
