package io.databridge.query;

import org.jspecify.annotations.Nullable;

/**
 * The operation a SQL statement performs, named by its leading keyword: a value of low
 * cardinality, used as a metric tag and as the OpenTelemetry {@code db.operation.name}.
 * <p>
 * {@link #of(String)} skips leading whitespace, comments and opening parentheses, and
 * reads the first keyword ignoring case. A few synonyms are named by the operation they
 * perform ({@code START TRANSACTION}, {@code END}, {@code ABORT}, {@code RELEASE},
 * {@code TABLE}, {@code ANALYSE}), and a {@code WITH} query by its main statement.
 * Anything else is {@link #OTHER}. Reading stops at the first keyword (or, for
 * {@code WITH}, at the main statement), allocates nothing and never throws.
 *
 * @author Databridge team
 */
public enum QueryOperation {

	/**
	 * {@code SELECT}, {@code TABLE}, or a {@code WITH} query whose main statement is a
	 * {@code SELECT} or that has none.
	 */
	SELECT("SELECT", "TABLE"),

	/**
	 * {@code INSERT}.
	 */
	INSERT("INSERT"),

	/**
	 * {@code UPDATE}.
	 */
	UPDATE("UPDATE"),

	/**
	 * {@code DELETE}.
	 */
	DELETE("DELETE"),

	/**
	 * {@code MERGE}.
	 */
	MERGE("MERGE"),

	/**
	 * {@code COPY}.
	 */
	COPY("COPY"),

	/**
	 * {@code CALL}.
	 */
	CALL("CALL"),

	/**
	 * {@code VALUES}.
	 */
	VALUES("VALUES"),

	/**
	 * {@code BEGIN} or {@code START TRANSACTION}.
	 */
	BEGIN("BEGIN"),

	/**
	 * {@code COMMIT} or {@code END}.
	 */
	COMMIT("COMMIT", "END"),

	/**
	 * {@code ROLLBACK} or {@code ABORT}.
	 */
	ROLLBACK("ROLLBACK", "ABORT"),

	/**
	 * {@code SAVEPOINT} or {@code RELEASE [SAVEPOINT]}.
	 */
	SAVEPOINT("SAVEPOINT", "RELEASE"),

	/**
	 * {@code SET}.
	 */
	SET("SET"),

	/**
	 * {@code SHOW}.
	 */
	SHOW("SHOW"),

	/**
	 * {@code CREATE}.
	 */
	CREATE("CREATE"),

	/**
	 * {@code ALTER}.
	 */
	ALTER("ALTER"),

	/**
	 * {@code DROP}.
	 */
	DROP("DROP"),

	/**
	 * {@code TRUNCATE}.
	 */
	TRUNCATE("TRUNCATE"),

	/**
	 * {@code GRANT}.
	 */
	GRANT("GRANT"),

	/**
	 * {@code REVOKE}.
	 */
	REVOKE("REVOKE"),

	/**
	 * {@code EXPLAIN}.
	 */
	EXPLAIN("EXPLAIN"),

	/**
	 * {@code LOCK}.
	 */
	LOCK("LOCK"),

	/**
	 * {@code LISTEN}.
	 */
	LISTEN("LISTEN"),

	/**
	 * {@code NOTIFY}.
	 */
	NOTIFY("NOTIFY"),

	/**
	 * {@code DO}.
	 */
	DO("DO"),

	/**
	 * {@code PREPARE}.
	 */
	PREPARE("PREPARE"),

	/**
	 * {@code EXECUTE}.
	 */
	EXECUTE("EXECUTE"),

	/**
	 * {@code DEALLOCATE}.
	 */
	DEALLOCATE("DEALLOCATE"),

	/**
	 * {@code VACUUM}.
	 */
	VACUUM("VACUUM"),

	/**
	 * {@code ANALYZE} or {@code ANALYSE}.
	 */
	ANALYZE("ANALYZE", "ANALYSE"),

	/**
	 * Several statements executed as one batch; never read from SQL.
	 */
	BATCH,

	/**
	 * A statement that is empty or does not start with a known keyword.
	 */
	OTHER;

	private static final QueryOperation[] OPERATIONS = values();

	private final String[] keywords;

	QueryOperation(String... keywords) {
		this.keywords = keywords;
	}

	/**
	 * Returns the value to use as a metric tag or span attribute.
	 * @return the name of this constant, such as {@code SELECT}
	 */
	public String tagValue() {
		return name();
	}

	/**
	 * Returns the operation that the given statement performs.
	 * @param sql the SQL of one statement
	 * @return the operation, {@link #OTHER} when it is not known
	 */
	public static QueryOperation of(String sql) {
		int start = skipSpaceAndComments(sql, 0, true);
		int end = SqlMasker.identifierEnd(sql, start);
		if (isKeyword(sql, start, end, "WITH")) {
			return mainStatementOfWith(sql, end);
		}
		if (isKeyword(sql, start, end, "START")) {
			int next = skipSpaceAndComments(sql, end, false);
			return isKeyword(sql, next, SqlMasker.identifierEnd(sql, next), "TRANSACTION") ? BEGIN : OTHER;
		}
		QueryOperation operation = forKeyword(sql, start, end);
		return (operation != null) ? operation : OTHER;
	}

	private static int skipSpaceAndComments(String sql, int start, boolean parentheses) {
		int index = start;
		while (index < sql.length()) {
			char ch = sql.charAt(index);
			if (Character.isWhitespace(ch) || (parentheses && ch == '(')) {
				index++;
			}
			else {
				int end = SqlMasker.commentEnd(sql, index);
				if (end == index) {
					return index;
				}
				index = end;
			}
		}
		return index;
	}

	private static QueryOperation mainStatementOfWith(String sql, int start) {
		int depth = 0;
		int index = start;
		while (index < sql.length()) {
			char ch = sql.charAt(index);
			int end = SqlMasker.quotedOrCommentEnd(sql, index);
			if (end > index) {
				index = end;
			}
			else if (SqlMasker.isIdentifierStart(ch)) {
				end = SqlMasker.identifierEnd(sql, index);
				QueryOperation operation = (depth == 0) ? forKeyword(sql, index, end) : null;
				if (operation != null && operation.isDataStatement()) {
					return operation;
				}
				index = end;
			}
			else {
				if (ch == '(') {
					depth++;
				}
				else if (ch == ')' && depth > 0) {
					depth--;
				}
				index++;
			}
		}
		return SELECT;
	}

	private boolean isDataStatement() {
		return this == SELECT || this == INSERT || this == UPDATE || this == DELETE || this == MERGE || this == VALUES;
	}

	private static @Nullable QueryOperation forKeyword(String sql, int start, int end) {
		for (QueryOperation operation : OPERATIONS) {
			for (String keyword : operation.keywords) {
				if (isKeyword(sql, start, end, keyword)) {
					return operation;
				}
			}
		}
		return null;
	}

	private static boolean isKeyword(String sql, int start, int end, String keyword) {
		if (end - start != keyword.length()) {
			return false;
		}
		for (int i = 0; i < keyword.length(); i++) {
			char ch = sql.charAt(start + i);
			char upper = (ch >= 'a' && ch <= 'z') ? (char) (ch - ('a' - 'A')) : ch;
			if (upper != keyword.charAt(i)) {
				return false;
			}
		}
		return true;
	}

}
