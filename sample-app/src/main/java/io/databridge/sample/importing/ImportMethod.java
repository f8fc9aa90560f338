package io.databridge.sample.importing;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an import writes its rows.
 *
 * @author Databridge team
 */
public enum ImportMethod {

	/**
	 * One {@code COPY ... FROM STDIN}.
	 */
	COPY,

	/**
	 * Batched {@code INSERT}s in one transaction.
	 */
	BATCH;

	@Override
	@JsonValue
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
