package io.databridge.data;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account as Spring Data R2DBC maps it.
 *
 * @param id the generated key, {@code null} until inserted
 * @param owner the owner's name
 * @param balance the balance
 * @author Databridge team
 */
@Table("account")
record Account(@Id @Nullable Long id, String owner, long balance) {

	static Account of(String owner, long balance) {
		return new Account(null, owner, balance);
	}

}
