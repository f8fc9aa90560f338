package io.databridge.sample.account;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * An account as stored.
 *
 * @param id the account's id
 * @param owner the owner's name
 * @param email the owner's email address, unique among accounts
 * @param balance the balance, never negative
 * @param createdAt when the account was opened
 * @author Databridge team
 */
public record Account(long id, String owner, String email, BigDecimal balance, OffsetDateTime createdAt) {

}
