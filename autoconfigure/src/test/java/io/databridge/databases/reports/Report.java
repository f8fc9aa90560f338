package io.databridge.databases.reports;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code report} table, which only the {@code reports} database has.
 *
 * @param id the key, {@code null} before it is saved
 * @param title the title
 * @param total the total
 * @author Databridge team
 */
@Table("report")
public record Report(@Id @Nullable Long id, String title, long total) {

	/**
	 * Returns a report not yet saved.
	 * @param title the title
	 * @param total the total
	 * @return the report
	 */
	public static Report of(String title, long total) {
		return new Report(null, title, total);
	}

}
