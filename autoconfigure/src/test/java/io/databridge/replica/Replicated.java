package io.databridge.replica;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code replicated} table, written on the primary and read from the
 * standby.
 *
 * @param id the key
 * @author Databridge team
 */
@Table("replicated")
record Replicated(@Id Integer id) {

}
