package io.databridge.sample.transfer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A transfer as recorded in the ledger.
 *
 * @param id the ledger row's id
 * @param from the id of the account debited
 * @param to the id of the account credited
 * @param amount the amount moved
 * @param createdAt when the transfer was made
 * @author Databridge team
 */
public record Transfer(long id, long from, long to, BigDecimal amount, OffsetDateTime createdAt) {

}
