package io.databridge.databases.notes;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code note} table, which only the primary database has.
 *
 * @param id the key, {@code null} before it is saved
 * @param text the text
 * @author Databridge team
 */
@Table("note")
public record Note(@Id @Nullable Long id, String text) {

}
