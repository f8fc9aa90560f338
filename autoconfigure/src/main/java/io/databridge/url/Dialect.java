package io.databridge.url;

/**
 * The family of connection URL a {@link DatabaseUrl} was parsed from.
 *
 * @author Databridge team
 */
public enum Dialect {

	/**
	 * A libpq connection URI: {@code postgresql://} or {@code postgres://}.
	 */
	LIBPQ,

	/**
	 * A SQLAlchemy URL naming a driver, such as {@code postgresql+asyncpg://}.
	 */
	SQLALCHEMY,

	/**
	 * A pgjdbc URL: {@code jdbc:postgresql://}.
	 */
	JDBC,

	/**
	 * An R2DBC URL: {@code r2dbc:postgresql://}, {@code r2dbcs:postgresql://} or their
	 * {@code pool:} variants.
	 */
	R2DBC

}
