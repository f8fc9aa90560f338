package io.databridge.benchmarks.contender;

import io.databridge.benchmarks.server.Dataset;

/**
 * The calls Spring applications make most, as the benchmarks run them through Spring's
 * own APIs on an R2DBC {@code ConnectionFactory}.
 *
 * @author Databridge team
 */
public enum SpringShape {

	/**
	 * A keyed read with {@code DatabaseClient ... .one()}, which reads the whole result:
	 * what {@link #FIRST} is judged against.
	 */
	ONE("one", "Point select with DatabaseClient one()",
			"`DatabaseClient.sql(\"" + Dataset.POINT_SELECT.replace("$1", ":aid")
					+ "\").bind(\"aid\", aid).map(...).one()`: the same read as `first`, read to the end of "
					+ "its result."),

	/**
	 * A keyed read with {@code DatabaseClient ... .first()}, which stops reading after
	 * the first row.
	 */
	FIRST("first", "Point select with DatabaseClient first()",
			"`DatabaseClient.sql(\"" + Dataset.POINT_SELECT.replace("$1", ":aid")
					+ "\").bind(\"aid\", aid).map(...).first()`: the read cancels after its first row, as "
					+ "`next()`, `take(n)` and Spring Data's single-result queries do."),

	/**
	 * A Spring Data repository's {@code findById} followed by a derived count.
	 */
	SPRING_DATA("spring-data", "Spring Data findById + count",
			"A Spring Data R2DBC `ReactiveCrudRepository`: `findById(aid)` then `countByAidBetween(aid, aid + 9)`, "
					+ "two statements on two borrowed connections, one after the other."),

	/**
	 * Three statements in one transaction.
	 */
	TRANSACTION("transaction", "Three-statement transaction",
			"`TransactionalOperator` (an `R2dbcTransactionManager`) around `UPDATE pgbench_accounts`, "
					+ "`SELECT abalance` with `one()` and `INSERT INTO pgbench_history`: BEGIN, three statements, "
					+ "COMMIT on one connection; the history table is emptied before every measurement.");

	private final String workload;

	private final String title;

	private final String description;

	SpringShape(String workload, String title, String description) {
		this.workload = workload;
		this.title = title;
		this.description = description;
	}

	/**
	 * Returns the name of the workload that measures this shape.
	 * @return the workload name
	 */
	public String workload() {
		return this.workload;
	}

	/**
	 * Returns the report's title for the workload.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Returns what the workload runs, for the report.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
